// Worker processes of `rocbert run --jobs` end with their parent (CheckpointWorkers.swift).
#include "CRoCBertKernels.h"
#if defined(__linux__)
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>
#endif

int rb_terminate_with_parent(int parent) {
#if defined(__linux__)
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) return -1;
    // The parent may have died before the request took effect: then nobody will signal us.
    return getppid() == parent ? 0 : 1;
#else
    (void)parent;
    return -1;
#endif
}
