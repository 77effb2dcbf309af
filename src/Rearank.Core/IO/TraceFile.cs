using Rearank.Core.Model;
using System.Text.Encodings.Web;
using System.Text.Json;
using Rearank.Core.IO;

namespace Rearank.Core.IO;

/// <summary>
/// Reranking traces as JSONL, one query per line: the audit trail of every window's reasoning and answer, and what
/// -ResumeFrom replays so an interrupted evaluation does not pay for finished queries twice.
/// </summary>
public static class TraceFile
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToJsonLine(RerankTrace trace) => JsonSerializer.Serialize(trace, Json);

    /// <summary>Reads traces; a line that is not a trace is reported (or thrown) with its line number, like any other input.</summary>
    public static IEnumerable<RerankTrace> Read(string path, MalformedRecordHandler? onMalformed = null) =>
        LineRecords.Read(path, line =>
        {
            RerankTrace? trace;
            try
            {
                trace = JsonSerializer.Deserialize<RerankTrace>(line.Text, Json);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
            {
                throw new MalformedRecordException(path, line.Number, $"a reranking trace (JSON object with QueryId and Windows): {e.Message}", line.Text, e);
            }
            if (trace is null)
                throw new MalformedRecordException(path, line.Number, "a reranking trace (JSON object with QueryId and Windows)", line.Text);
            if (TraceFileSafety.Problem(trace) is { } problem)
                throw new MalformedRecordException(path, line.Number, $"a reranking trace that can be replayed, but {problem}", line.Text);
            return trace;
        }, onMalformed);

    /// <summary>Appends traces to a file, one flushed line per query, so an interrupted run keeps every finished query.</summary>
    /// <remarks>
    /// Safe to call from several threads. A failed write (a full disk) throws <see cref="OutputWriteException"/>
    /// naming the file; the writer is then broken, and disposing it drops the unwritten rest instead of throwing again.
    /// </remarks>
    public sealed class Writer : IDisposable
    {
        private readonly FileStream file;
        private readonly object gate = new();
        private bool broken;

        public Writer(string path, bool append)
        {
            Path = path;
            file = new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        }

        public string Path { get; }

        public void Write(RerankTrace trace)
        {
            var line = TextFile.Utf8NoBom.GetBytes(ToJsonLine(trace) + "\n");
            lock (gate)
            {
                if (broken) throw new OutputWriteException(Path, new IOException("an earlier write to it failed"));
                try
                {
                    file.Write(line);
                    file.Flush();
                }
                catch (IOException e)
                {
                    broken = true;
                    throw new OutputWriteException(Path, e);
                }
            }
        }

        public void Dispose()
        {
            lock (gate)
            {
                try { file.Dispose(); }
                catch (IOException) when (broken) { }
            }
        }
    }
}
