using System.Runtime.InteropServices;

namespace Rearank.Core.IO;

/// <summary>
/// Whether two paths name one file however they are spelled: through symbolic links (of the file or of a folder on
/// the way), hard links, or "..". Compared by device and inode where the OS gives them (Linux, macOS), else by the
/// fully resolved path; a file that does not exist yet is compared by its resolved path.
/// </summary>
public static partial class FileIdentity
{
    public static bool Same(string a, string b)
    {
        if (Identity(a) is { } x && Identity(b) is { } y) return x == y;
        return string.Equals(Resolved(a), Resolved(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    /// <summary>The path with every link on it followed (the full path as given when it cannot be resolved).</summary>
    public static string Resolved(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows()) return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        try
        {
            var resolved = realpath(full, IntPtr.Zero);
            if (resolved == IntPtr.Zero)
            {
                // A file to be created: resolve its folder, keep its name.
                var folder = Path.GetDirectoryName(full);
                return folder is null || folder == full ? full : Path.Combine(Resolved(folder), Path.GetFileName(full));
            }
            try { return Marshal.PtrToStringUTF8(resolved) ?? full; }
            finally { free(resolved); }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return full;
        }
    }

    /// <summary>(device, inode) of an existing file on Linux or macOS; null elsewhere or when it does not exist.</summary>
    public static (ulong Device, ulong Inode)? Identity(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return null;
        // struct stat starts with st_dev, st_ino on 64-bit Linux (x86-64, arm64); macOS has a 32-bit st_dev, then st_mode, then st_ino.
        var buffer = new byte[256];
        try
        {
            if (stat(path, buffer) != 0) return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        return OperatingSystem.IsLinux()
            ? (BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8))
            : (BitConverter.ToUInt32(buffer, 0), BitConverter.ToUInt64(buffer, 8));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc")]
    private static extern void free(IntPtr pointer);
}
