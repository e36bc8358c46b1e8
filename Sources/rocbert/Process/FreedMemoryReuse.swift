import CRoCBertKernels

/// Keeps the activations' freed memory in the process for the next forward pass.
///
/// glibc serves blocks above its mmap threshold (128 KiB, raised to a freed block's size up to
/// 32 MiB) with fresh pages and gives freed heap tops back to the kernel, so a forward pass of
/// roc-bert-base-zh at 32 × 64 faulted in ~15,800 zeroed 4 KiB pages (62 MiB) every time.
/// Fixing both thresholds makes later passes reuse the memory the earlier ones freed.
public enum FreedMemoryReuse {
    /// Blocks up to this size come from the heap (glibc's largest allowed mmap threshold).
    static let mmapThreshold: Int32 = 32 << 20
    /// Free memory at the top of the heap is returned to the kernel only beyond this.
    static let trimThreshold: Int32 = 1 << 30

    /// Sets the allocator's thresholds for this process (false where the C library is not glibc); call once, early in `main`.
    @discardableResult
    public static func enable() -> Bool {
        rb_keep_freed_memory(mmapThreshold, trimThreshold) == 1
    }
}
