namespace Rearank.Core.IO;

/// <summary>Another process is writing the same file (or building the same index).</summary>
public sealed class FileLockedException(string path, int? holder)
    : RearankException($"'{path}' is being written by another process{(holder is { } pid ? $" (process id {pid})" : "")}; " +
                       "two writers would interleave their lines. Wait for it to finish, stop it, or write to another file.")
{
    public string Path { get; } = path;
    public int? HolderProcessId { get; } = holder;
}

/// <summary>
/// One writer per output at a time, across processes: an exclusive lock on a "&lt;file&gt;.lock" beside it, held for
/// as long as the output is written. A side file, not the output itself, so readers (a report of a running job, tail)
/// are never refused. The OS releases the lock when its process dies, so a killed run blocks nobody; the side file is
/// removed when the writer finishes.
/// </summary>
public sealed class WriterLock : IDisposable
{
    private readonly FileStream? file;
    private readonly string lockPath;

    private WriterLock(FileStream? file, string lockPath)
    {
        this.file = file;
        this.lockPath = lockPath;
    }

    /// <summary>Takes the lock for <paramref name="path"/>, or throws <see cref="FileLockedException"/> naming the holder.</summary>
    public static WriterLock Acquire(string path)
    {
        var lockPath = path + ".lock";
        try
        {
            return new WriterLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0), lockPath);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && File.Exists(lockPath))
        {
            throw new FileLockedException(path, Holder(lockPath));
        }
        catch (Exception e) when (e is UnauthorizedAccessException or DirectoryNotFoundException)
        {
            // No side file can be made here (a missing folder, or one only the output may be written in, like /dev):
            // no lock; opening the output itself says what is wrong, if anything.
            return new WriterLock(null, lockPath);
        }
    }

    /// <summary>The process holding a lock on the file, from Linux's /proc/locks (null where the OS does not say).</summary>
    public static int? Holder(string lockPath)
    {
        if (!OperatingSystem.IsLinux() || FileIdentity.Identity(lockPath) is not { } id) return null;
        try
        {
            var major = ((id.Device >> 8) & 0xfff) | ((id.Device >> 32) & ~0xfffUL);
            var minor = (id.Device & 0xff) | ((id.Device >> 12) & ~0xffUL);
            var key = $"{major:x2}:{minor:x2}:{id.Inode}";
            foreach (var line in File.ReadLines("/proc/locks"))
            {
                // "1: FLOCK  ADVISORY  WRITE 5786 fe:00:11660172 0 EOF"
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var at = Array.IndexOf(parts, key);
                if (at > 0 && int.TryParse(parts[at - 1], out var pid) && pid != Environment.ProcessId) return pid;
            }
        }
        catch (IOException)
        {
        }
        return null;
    }

    public void Dispose()
    {
        if (file is null) return;
        // Removed while still held, so no other writer can have taken it in between.
        try { File.Delete(lockPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        file.Dispose();
    }
}
