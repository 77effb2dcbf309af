using System.Text;
using CsCheck;
using Rearank.Core.Evaluation;
using Rearank.Core.IO;
using Rearank.Core.Model;

namespace Rearank.Core.Tests.IO;

/// <summary>
/// Property tests over every reader: any bytes, and any damage to a valid file, give records or
/// MalformedRecordExceptions naming file and line, never another exception, a hang or a record that is not in the
/// file. Traces survive any cut: what is set aside plus what is kept is the file, and what is kept reads back.
/// </summary>
public sealed class ReaderPropertyTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private int files;

    /// <summary>Text close to the formats, so mutations reach deep into the parsers rather than failing on line 1.</summary>
    private static readonly string[] Samples =
    [
        "q1 Q0 d1 1 2.5 run\nq1 Q0 d2 2 1.5 run\nq2 Q0 d3 1 9 run\n",
        "q1 0 d1 1\nq1 0 d2 0\nq2 0 d3 2\n",
        "query-id\tcorpus-id\tscore\nq1\td1\t1\n",
        "{\"_id\": \"d1\", \"title\": \"T\", \"text\": \"fleas\"}\n{\"_id\": \"d2\", \"text\": \"cats\"}\n",
        "{\"_id\": \"q1\", \"text\": \"how long do fleas live\"}\n",
        "q1\thow long do fleas live\nq2\twifi\n",
        "<top>\n<num> Number: 301\n<title> fleas\n<desc> Description:\nhow long\n</top>\n",
        "[{\"query\": \"q\", \"hits\": [{\"qid\": \"1\", \"docid\": \"a\", \"rank\": 1, \"score\": 2.0, \"content\": \"fleas\"}]}]",
        "QueryId,DocId,Rank,Score,RunTag,QueryText,Title,Text\nq1,d1,1,2.5,run,fleas,,passage\n",
    ];

    private static readonly Gen<byte[]> AnyBytes = Gen.Byte.Array[0, 600];

    /// <summary>A sample with a few bytes replaced, inserted or cut.</summary>
    private static readonly Gen<byte[]> DamagedSample =
        Gen.Select(Gen.Int[0, Samples.Length - 1], Gen.Int[0, 4].SelectMany(n => Gen.Select(Gen.Int[0, 3], Gen.Int[0, 1000], Gen.Byte).Array[n, n]))
            .Select((sample, edits) =>
            {
                var bytes = Encoding.UTF8.GetBytes(Samples[sample]).ToList();
                foreach (var (kind, at, value) in edits)
                {
                    if (bytes.Count == 0) break;
                    var i = at % bytes.Count;
                    switch (kind)
                    {
                        case 0: bytes[i] = value; break;
                        case 1: bytes.Insert(i, value); break;
                        case 2: bytes.RemoveAt(i); break;
                        default: bytes.RemoveRange(i, bytes.Count - i); break;
                    }
                }
                return bytes.ToArray();
            });

    private static readonly (string Name, Func<string, MalformedRecordHandler, IEnumerable<object>> Read, Func<object, IEnumerable<string>> Fields)[] Readers =
    [
        ("run", (p, h) => TrecRunReader.Read(p, h), o => [((RankedHit)o).QueryId, ((RankedHit)o).DocId]),
        ("qrels", (p, h) => QrelsReader.Read(p, onMalformed: h), o => [((Judgment)o).QueryId, ((Judgment)o).DocId]),
        ("documents", (p, h) => DocumentReader.Read(p, onMalformed: h), o => [((Document)o).DocId]),
        ("queries", (p, h) => QueryReader.Read(p, onMalformed: h), o => [((Query)o).QueryId]),
        ("topics", (p, h) => TrecTopicReader.Read(p, TopicField.Title, h), o => [((Query)o).QueryId]),
        ("candidates", (p, h) => CandidateListReader.Read(p, h), o => [((RankedHit)o).QueryId, ((RankedHit)o).DocId]),
        ("csv", (p, h) => RankingCsvReader.Read(p, h), o => [((RankedHit)o).DocId]),
        ("traces", (p, h) => TraceFile.Read(p, h), o => [((RerankTrace)o).QueryId]),
    ];

    private string Write(byte[] bytes)
    {
        var path = temp.PathOf($"input-{Interlocked.Increment(ref files)}.txt");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Reads the file with every reader; only MalformedRecordException (with this file) or a stopping InvalidDataException may come out.</summary>
    private void ReadsSafely(byte[] bytes)
    {
        var path = Write(bytes);
        // Readers may join a field's lines (TREC topics), so fields are looked for with whitespace runs as one space.
        var text = Collapse(Encoding.UTF8.GetString(bytes));
        foreach (var (name, read, fields) in Readers)
        {
            var reported = new List<MalformedRecordException>();
            var reading = Task.Run(() =>
            {
                var records = new List<object>();
                try
                {
                    foreach (var record in read(path, reported.Add)) records.Add(record);
                }
                catch (MalformedRecordException e)
                {
                    reported.Add(e);   // a syntax error that stops the file (JSON) is still one of ours
                }
                catch (InvalidDataException)
                {
                    // A file that cannot be decoded at all (a cut gzip): reported whole, which is fine.
                }
                return records;
            });
            Assert.True(reading.Wait(TimeSpan.FromSeconds(10)), $"the {name} reader hangs on {Convert.ToHexString(bytes)}");
            if (reading.IsFaulted)
                throw new Xunit.Sdk.XunitException($"the {name} reader threw {reading.Exception!.GetBaseException()} on {Convert.ToHexString(bytes)}");
            Assert.All(reported, e => Assert.Equal(path, e.FilePath));
            foreach (var record in reading.Result)
                foreach (var field in fields(record))
                    Assert.True(text.Contains(Collapse(field), StringComparison.Ordinal) || field.Length == 0, $"the {name} reader invented '{field}'");
        }
    }

    private static string Collapse(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    [Fact]
    public void Any_bytes_give_records_or_malformed_record_errors() => AnyBytes.Sample(ReadsSafely, iter: 150);

    [Fact]
    public void Any_damage_to_a_valid_file_gives_records_or_malformed_record_errors() => DamagedSample.Sample(ReadsSafely, iter: 300);

    private static readonly Gen<RerankTrace> Traces =
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 8], Gen.String, Gen.Int[1, 6], Gen.Int[0, 3])
            .Select((id, text, size, windows) => new RerankTrace(id, text, "model", "rearank", size, 1, size,
                Enumerable.Range(0, windows).Select(w => new WindowTrace(0, size, Enumerable.Range(0, size).Select(i => $"d{i}").ToList(), text, "[1]",
                    Enumerable.Range(0, size).Reverse().ToList(), true, true, 10, 5, 0.5, WindowStop.EndOfTurn, text)).ToList()));

    [Fact]
    public void Traces_read_back_as_written_and_survive_a_cut_anywhere()
    {
        Gen.Select(Traces.List[1, 5], Gen.Double[0, 1]).Sample((traces, cutAt) =>
        {
            var path = temp.PathOf($"trace-{Interlocked.Increment(ref files)}.jsonl");
            using (var writer = new TraceFile.Writer(path, append: false))
                foreach (var trace in traces) writer.Write(trace);
            var whole = File.ReadAllBytes(path);
            Assert.Equal(traces.Select(TraceFile.ToJsonLine), TraceFile.Read(path).Select(TraceFile.ToJsonLine));

            var cut = (int)(cutAt * whole.Length);
            File.WriteAllBytes(path, whole[..cut]);
            var setAside = TraceFileSafety.SetAsideCutTail(path);
            var kept = File.ReadAllBytes(path);
            byte[] rejoined = [.. kept, .. setAside > 0 ? File.ReadAllBytes(path + ".cut") : []];
            Assert.Equal(Convert.ToHexString(whole[..cut]), Convert.ToHexString(rejoined));
            var read = TraceFile.Read(path).Select(TraceFile.ToJsonLine).ToList();
            Assert.Equal(traces.Take(read.Count).Select(TraceFile.ToJsonLine), read);
            if (File.Exists(path + ".cut")) File.Delete(path + ".cut");
        }, iter: 200);
    }

    public void Dispose() => temp.Dispose();
}
