using System.Diagnostics;
using System.Globalization;

namespace Rearank.Bench;

/// <summary>
/// The GPU's used memory as nvidia-smi reports it, sampled twice a second while alive so the peak of a run is seen;
/// everything is null where there is no nvidia-smi (a CPU run), and no sample may hang the check.
/// </summary>
internal sealed class GpuMemory : IDisposable
{
    private readonly Timer? timer;
    private long peakMiB = -1;
    private int sampling;

    /// <summary>Samples only where nvidia-smi answers once; a CPU run starts no process at all after that.</summary>
    public GpuMemory() => timer = UsedMiB() is null ? null : new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));

    public string PeakText => Interlocked.Read(ref peakMiB) is var peak and >= 0 ? $"{peak:N0} MiB" : "not measured (no nvidia-smi)";

    private void Sample()
    {
        // One nvidia-smi at a time: a slow one (up to its 5 s bound) is not joined by others every tick.
        if (Interlocked.Exchange(ref sampling, 1) == 1) return;
        try
        {
            if (UsedMiB() is { } used)
            {
                long seen;
                while (used > (seen = Interlocked.Read(ref peakMiB)) && Interlocked.CompareExchange(ref peakMiB, used, seen) != seen) { }
            }
        }
        finally
        {
            Volatile.Write(ref sampling, 0);
        }
    }

    /// <summary>"used / total MiB" of the first GPU, or null.</summary>
    public static string? Read() => Query("memory.used,memory.total") is { } line && line.Split(',') is [var used, var total]
        ? $"{used.Trim()} / {total.Trim()} MiB"
        : null;

    private static long? UsedMiB() =>
        Query("memory.used") is { } line && long.TryParse(line.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var used) ? used : null;

    private static string? Query(string fields)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("nvidia-smi", $"--query-gpu={fields} --format=csv,noheader,nounits")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(5000))
            {
                process.Kill();
                return null;
            }
            return process.ExitCode == 0 ? output.GetAwaiter().GetResult().Split('\n')[0] : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    public void Dispose() => timer?.Dispose();
}
