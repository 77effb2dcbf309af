using System.Globalization;

namespace Rearank.Core.Inference;

/// <summary>
/// The memory a local session will take, planned from the model file before anything is allocated: the weights
/// (mapped from the file) and one KV cache of -ContextSize × -MaxParallel cells, f16 keys and values for every layer.
/// On the CPU the cache must fit the memory the system has available, or the session is refused with what it needs;
/// an allocation llama.cpp still fails (a GPU without room) is refused the same way, never a native abort.
/// </summary>
public sealed record MemoryPlan(long WeightBytes, long KvCacheBytes, int ContextCells)
{
    public long TotalBytes => WeightBytes + KvCacheBytes;

    public static MemoryPlan For(ModelFileShape shape, LlamaSessionOptions options)
    {
        var cells = (long)options.ContextSize * options.MaxParallel;
        return new MemoryPlan(shape.WeightBytes, cells * shape.KvBytesPerToken, (int)Math.Min(cells, int.MaxValue));
    }

    /// <summary>Refuses a CPU session whose KV cache cannot fit the available memory; the weights are mapped, so pages of them can be dropped, but the cache cannot.</summary>
    public void CheckFits(LlamaSessionOptions options, long? availableBytes)
    {
        if (options.GpuLayerCount > 0 || availableBytes is not { } available || KvCacheBytes <= available) return;
        throw new SessionMemoryException(
            $"A session of -ContextSize {options.ContextSize:N0} × -MaxParallel {options.MaxParallel} needs a KV cache of {Gb(KvCacheBytes)} " +
            $"(plus {Gb(WeightBytes)} of weights), but this machine has {Gb(available)} available. " +
            $"Lower -MaxParallel to {Math.Max(1, available * 8 / 10 / Math.Max(1, KvCacheBytes / options.MaxParallel))} or lower -ContextSize.");
    }

    /// <summary>The memory the system can give now without swapping (MemAvailable on Linux), or null where unknown.</summary>
    public static long? AvailableBytes()
    {
        try
        {
            if (File.Exists("/proc/meminfo"))
                foreach (var line in File.ReadLines("/proc/meminfo"))
                    if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                        return long.Parse(line["MemAvailable:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static string Gb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):F2} GiB");

    public override string ToString() => $"{Gb(TotalBytes)} ({Gb(WeightBytes)} weights, {Gb(KvCacheBytes)} KV cache for {ContextCells:N0} cells)";
}
