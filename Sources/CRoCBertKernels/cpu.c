// Run-time CPU feature checks: the package is built for any x86-64, the kernels opt in.
#include "CRoCBertKernels.h"
#include "internal.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

// __builtin_cpu_supports("avx512bf16") needs a newer libgcc than some toolchains ship, and
// the OS must also have enabled ZMM state (XCR0), so read CPUID and XGETBV directly.
static unsigned long long rb_xgetbv0(void) {
    unsigned int lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((unsigned long long)hi << 32) | lo;
}

static int rb_os_saves(unsigned long long mask) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & (1u << 27))) return 0;  // OSXSAVE
    return (rb_xgetbv0() & mask) == mask;
}

int rb_cpu_has_avx2_fma(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int fma = (c >> 12) & 1;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    int avx2 = (b >> 5) & 1;
    return fma && avx2 && rb_os_saves(0x6);  // XMM | YMM
}

int rb_cpu_has_avx512f(void) {
    unsigned int a, b, c, d;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return ((b >> 16) & 1) && rb_os_saves(0xe6);
}

int rb_cpu_has_avx512_bf16(void) {
    unsigned int a, b, c, d;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    int f = (b >> 16) & 1, bw = (b >> 30) & 1, vl = (b >> 31) & 1;
    if (!(f && bw && vl)) return 0;
    if (a < 1) return 0;  // leaf 7 sub-leaf 1 absent
    __cpuid_count(7, 1, a, b, c, d);
    int bf16 = (a >> 5) & 1;
    return bf16 && rb_os_saves(0xe6);  // XMM | YMM | opmask | ZMM_Hi256 | Hi16_ZMM
}

int rb_cpu_has_amx_bf16(void) {
    static _Atomic int known = -1;  // the permission request is a system call: ask once
    if (known >= 0) return known;
    unsigned int a, b, c, d;
    int has = 0;
    // The AMX path rounds activations to bf16 with vcvtne2ps2bf16 (AVX512-BF16), so it needs both.
    if (rb_cpu_has_avx512_bf16()) {
        __cpuid_count(7, 0, a, b, c, d);
        int tile = (d >> 24) & 1, bf16 = (d >> 22) & 1;
        has = tile && bf16 && rb_os_saves(0x60000) && rb_request_amx_permission();  // XTILECFG | XTILEDATA
    }
    known = has;
    return has;
}
#else
int rb_cpu_has_avx2_fma(void) { return 0; }
int rb_cpu_has_avx512f(void) { return 0; }
int rb_cpu_has_avx512_bf16(void) { return 0; }
int rb_cpu_has_amx_bf16(void) { return 0; }
#endif
