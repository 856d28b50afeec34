#if canImport(Glibc)
import Glibc
#endif

/// Whether the kernel says the wall clock is synchronised to network time: `adjtimex(2)` in
/// read-only mode returns a state other than `TIME_ERROR` and the status has `STA_UNSYNC` clear
/// (systemd-timesyncd, chrony and ntpd all keep these up to date).
enum KernelClock {
    /// `int adjtimex(struct timex *)`. `<sys/timex.h>` is not part of Swift's Glibc module, so the
    /// function is looked up by name and `struct timex` is read by offset: `modes` (int, padded to
    /// a long), then four longs (offset, freq, maxerror, esterror), then `status` (int).
    private typealias AdjustTime = @convention(c) (UnsafeMutableRawPointer) -> Int32

    static let timeError: Int32 = 5
    static let unsynchronised: Int32 = 0x0040

    static func isSynchronized() -> Bool {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "adjtimex") else { return false }
        let adjustTime = unsafeBitCast(symbol, to: AdjustTime.self)
        // struct timex is 208 bytes on 64-bit Linux; zeroed, `modes` is 0: read, change nothing.
        let size = 512
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        let state = adjustTime(buffer)
        guard state >= 0, state != timeError else { return false }
        let status = buffer.load(fromByteOffset: 5 * MemoryLayout<Int>.size, as: Int32.self)
        return status & unsynchronised == 0
    }
}
