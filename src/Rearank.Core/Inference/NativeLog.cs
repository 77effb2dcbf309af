using System.Collections.Concurrent;
using LLama.Native;

namespace Rearank.Core.Inference;

/// <summary>
/// llama.cpp's log, captured instead of printed: about 280 lines per model load would otherwise land on stderr.
/// The callback runs on native threads, so it only queues; the caller drains the queue on its own thread
/// (the cmdlets write it to -Verbose and -Debug). It must be installed before any native call, once per process.
/// </summary>
public static class NativeLog
{
    private static readonly ConcurrentQueue<(LLamaLogLevel Level, string Message)> Messages = new();
    private static readonly Lock Gate = new();
    private static bool installed;
    private const int Capacity = 10_000;

    public static void Install()
    {
        lock (Gate)
        {
            if (installed) return;
            NativeLibraryConfig.All.WithLogCallback((level, message) =>
            {
                if (Messages.Count < Capacity) Messages.Enqueue((level, message));
            });
            installed = true;
        }
    }

    /// <summary>Takes the queued messages; errors and warnings are flagged so they can be shown more prominently.</summary>
    public static IReadOnlyList<(bool IsProblem, string Message)> Drain()
    {
        var drained = new List<(bool, string)>();
        while (Messages.TryDequeue(out var entry))
            drained.Add((entry.Level is LLamaLogLevel.Error or LLamaLogLevel.Warning, entry.Message.TrimEnd()));
        return drained;
    }
}
