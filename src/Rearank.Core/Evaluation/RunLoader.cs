using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Rearank.Core.IO;

namespace Rearank.Core.Evaluation;

/// <summary>
/// Reads a TREC run file straight into <see cref="RunRankings"/> for evaluation: the bytes are parsed in place,
/// in parallel chunks split at line ends, and document ids stay slices of the file's bytes. This is what lets a million-line run
/// be evaluated faster than trec_eval reads it. Like trec_eval, the rank column is not looked at, '#' lines are
/// comments and text after the sixth column is ignored.
/// </summary>
public static class RunLoader
{
    private const string Expected = "'qid Q0 docid rank score tag' (TREC run, 6 columns)";
    private const int MinimumChunkBytes = 4 << 20;

    /// <summary>The run's tag is that of its first line (trec_eval's runid); a file without lines gets its file name.</summary>
    public static RunRankings Load(string path, MalformedRecordHandler? onMalformed = null)
    {
        var data = ReadAllBytes(path);
        var start = data.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var chunks = Split(data, start, Math.Clamp((data.Length - start) / MinimumChunkBytes, 1, Environment.ProcessorCount));
        var parsed = new ChunkResult[chunks.Count];
        Parallel.For(0, chunks.Count, i => parsed[i] = ParseChunk(path, data, chunks[i].Start, chunks[i].End, chunks[i].FirstLine));

        var run = new RunRankings(parsed.Select(p => p.FirstTag).FirstOrDefault(t => t is not null) ?? Path.GetFileName(path), data, data.Length);
        foreach (var chunk in parsed)
        {
            foreach (var error in chunk.Errors) onMalformed.Report(error);
            foreach (var (queryId, documents) in chunk.Queries) run.AddRange(queryId, documents);
        }
        return run;
    }

    private static byte[] ReadAllBytes(string path)
    {
        byte[] data;
        using (var stream = TextFile.OpenRead(path))
        {
            if (stream is FileStream file) data = File.ReadAllBytes(file.Name);
            else
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                data = buffer.ToArray();
            }
        }
        // UTF-16 and UTF-32 (Windows PowerShell's Out-File writes UTF-16): decoded as the line readers decode them,
        // so a file reads the same here as through Import-TrecRun. The byte parser below sees UTF-8.
        if (data.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || data.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || data.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            using var reader = new StreamReader(new MemoryStream(data), TextFile.Utf8NoBom, detectEncodingFromByteOrderMarks: true);
            data = TextFile.Utf8NoBom.GetBytes(reader.ReadToEnd());
        }
        return data;
    }

    private readonly record struct Chunk(int Start, int End, long FirstLine);

    /// <summary>Cuts the data into pieces that end at a line break, noting the line number each starts on.</summary>
    private static List<Chunk> Split(byte[] data, int start, int count)
    {
        var chunks = new List<Chunk>();
        long line = 1;
        var position = start;
        for (var i = 1; i <= count && position < data.Length; i++)
        {
            var end = data.Length;
            if (i < count)
            {
                var target = Math.Max(position, start + (int)((long)(data.Length - start) * i / count));
                var newline = data.AsSpan(target).IndexOf((byte)'\n');
                end = newline < 0 ? data.Length : target + newline + 1;
            }
            if (end <= position) continue;
            chunks.Add(new Chunk(position, end, line));
            line += data.AsSpan(position, end - position).Count((byte)'\n');
            position = end;
        }
        return chunks;
    }

    private sealed class ChunkResult
    {
        public readonly List<(string QueryId, List<ScoredDocument> Documents)> Queries = [];
        public readonly List<MalformedRecordException> Errors = [];
        public string? FirstTag;
    }

    // A run is loaded once per call: compile the hot loops fully optimized at once instead of tiering up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ChunkResult ParseChunk(string path, byte[] data, int start, int end, long firstLine)
    {
        var result = new ChunkResult();
        var byQuery = new Dictionary<string, List<ScoredDocument>>(StringComparer.Ordinal);
        List<ScoredDocument>? current = null;
        ReadOnlySpan<byte> currentQuery = default;
        var lineNumber = firstLine - 1;
        Span<Range> fields = stackalloc Range[6];
        var position = start;
        while (position < end)
        {
            var length = data.AsSpan(position, end - position).IndexOf((byte)'\n');
            var lineStart = position;
            var line = data.AsSpan(position, length < 0 ? end - position : length);
            position += length < 0 ? end - position : length + 1;
            lineNumber++;
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            if (line.IsEmpty || line[0] == '#' || line.IndexOfAnyExcept(" \t"u8) < 0) continue;

            var count = Fields.Split(line, fields);
            if (count < 6)
            {
                result.Errors.Add(new MalformedRecordException(path, lineNumber, $"{Expected}, not {count} columns", Encoding.UTF8.GetString(line)));
                continue;
            }
            if (!double.TryParse(line[fields[4]], NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || !double.IsFinite(score))
            {
                result.Errors.Add(new MalformedRecordException(path, lineNumber, "a finite number as the score in column 5", Encoding.UTF8.GetString(line)));
                continue;
            }
            var query = line[fields[0]];
            // Runs list a query's documents together, so the previous line's list is nearly always the one.
            if (current is null || !query.SequenceEqual(currentQuery))
            {
                var queryId = Encoding.UTF8.GetString(query);
                if (!byQuery.TryGetValue(queryId, out current))
                {
                    // Queries tend to have the same depth: start at the previous one's size, not from 4 and doubling.
                    byQuery[queryId] = current = new List<ScoredDocument>(result.Queries.Count > 0 ? result.Queries[^1].Documents.Count : 16);
                    result.Queries.Add((queryId, current));
                }
                currentQuery = query;
            }
            result.FirstTag ??= Encoding.UTF8.GetString(line[fields[5]]);
            var (docStart, docLength) = fields[2].GetOffsetAndLength(line.Length);
            current.Add(new ScoredDocument(lineStart + docStart, docLength, score));
        }
        return result;
    }
}
