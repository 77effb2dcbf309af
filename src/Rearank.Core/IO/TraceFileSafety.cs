using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>
/// The checks that keep a trace file trustworthy across interrupted runs: a cut last line is set aside before
/// anything is appended, and a trace that could not have come from a real reranking (a permutation that is not one)
/// is refused rather than replayed.
/// </summary>
public static class TraceFileSafety
{
    /// <summary>
    /// When the file's last line has no newline (a kill mid-write), appends that cut tail to "&lt;path&gt;.cut" (a
    /// tail set aside by an earlier resume is kept) and truncates the file after its last complete line. Returns the
    /// tail's size in bytes (0: nothing was cut).
    /// </summary>
    public static long SetAsideCutTail(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        if (stream.Length == 0) return 0;
        var end = stream.Length;
        var buffer = new byte[64 * 1024];
        var position = end;
        long lastNewline = -1;
        while (position > 0 && lastNewline < 0)
        {
            var chunk = (int)Math.Min(buffer.Length, position);
            position -= chunk;
            stream.Position = position;
            stream.ReadExactly(buffer, 0, chunk);
            var index = Array.LastIndexOf(buffer, (byte)'\n', chunk - 1, chunk);
            if (index >= 0) lastNewline = position + index;
        }
        var keep = lastNewline + 1;
        if (keep == end) return 0;
        stream.Position = keep;
        var tail = new byte[end - keep];
        stream.ReadExactly(tail);
        using (var aside = new FileStream(path + ".cut", FileMode.Append, FileAccess.Write, FileShare.Read)) aside.Write(tail);
        stream.SetLength(keep);
        return tail.Length;
    }

    /// <summary>Why a read trace cannot be replayed, or null when it can: every window's permutation must be one of its passages.</summary>
    public static string? Problem(RerankTrace trace)
    {
        if (string.IsNullOrEmpty(trace.QueryId)) return "it has no QueryId";
        if (trace.Windows is null) return "it has no Windows";
        foreach (var window in trace.Windows)
        {
            if (window?.DocIds is null || window.Permutation is null) return "a window has no DocIds or Permutation";
            var count = window.End - window.Start;
            if (count < 0 || window.DocIds.Count != count || window.Permutation.Count != count)
                return $"window [{window.Start},{window.End}) holds {window.DocIds.Count} passages and {window.Permutation.Count} places";
            var seen = new bool[count];
            foreach (var index in window.Permutation)
            {
                if (index < 0 || index >= count) return $"window [{window.Start},{window.End}) names passage {index + 1}, which it does not hold";
                if (seen[index]) return $"window [{window.Start},{window.End}) puts passage {index + 1} in two places";
                seen[index] = true;
            }
        }
        return null;
    }
}
