using System.Diagnostics;
using System.Globalization;
using Rearank.Bench;
using Rearank.Core.IO;
using Rearank.Core.Model;

// Modes: --rerankers [--queries N] [--rounds N] [--pointwise-only] (REARANK's generation, FIRST and pointwise on Qwen2.5-0.5B's shape with the real tokenizer: windows/s, queries/min, FIRST against its prompt, pointwise against the batched prompt rate), --gpu --data DIR [--natives DIR] [--shape Qwen7B] [--gpu-layers 999] [--parallel 16] [--queries 4,16] [--new-tokens 128] (the prepared GPU check: bench/gpu/README.md), --llama-cpp-tools DIR [--rounds N] (the session beside llama-bench and llama-batched-bench built in DIR), --real-shapes [--rounds N] [--with-7b] (rates on Qwen2.5's 0.5B shape with its real tokenizer at 1-16 windows in flight, the guard, a DL19-shaped run; the 7B shape's one-window rates), --remote (the OpenAI-compatible backend against a loopback server), --rerank [--queries N] (llama.cpp reranking throughput), --rates [--short] [--rounds N] (prompt and generation rates against a bare llama.cpp loop; --short skips the 20-passage window; also part of --rerank), --dl19 [--queries N] (only the DL19-shaped run: queries/min end to end), --guard (the answer guard against free decoding), --memory (peak working set of rerank and export against input size), --retrieval [--passages N] (BM25 indexing and search), --write-evaluation-data DIR (inputs for
// bench/Measure-Evaluation.ps1); by default, reading throughput of the format readers, each next to a raw line scan of the same file (the I/O ceiling),
// so the figures read as ratios that carry over to other machines. Usage: Rearank.Bench [--shared DIR] [--lines N]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var shared = ArgValue("--shared");
if (args.Contains("--gpu"))
{
    InScratch(scratch => GpuCheck.Run(scratch, args));
    return;
}
if (ArgValue("--llama-cpp-tools") is { } tools)
{
    InScratch(scratch => LlamaCppToolsComparison.Run(scratch, shared ?? throw new InvalidOperationException("--llama-cpp-tools reads the tokenizer and DL19 from --shared."),
        tools, int.Parse(ArgValue("--rounds") ?? "3", CultureInfo.InvariantCulture)));
    return;
}
if (args.Contains("--remote"))
{
    RemoteBenchmark.Run();
    return;
}
if (args.Length >= 4 && args[0] == "--memory-rerank")
{
    MemoryBenchmark.MeasureRerank(args[1], args[2], args[3]);
    return;
}
if (args.Length >= 3 && args[0] == "--memory-export")
{
    MemoryBenchmark.MeasureExport(args[1], args[2]);
    return;
}
if (args.Contains("--memory"))
{
    InScratch(scratch => MemoryBenchmark.Run(scratch));
    return;
}
if (args.Contains("--rates"))
{
    InScratch(scratch => RerankBenchmark.RunRates(scratch, shared, args.Contains("--short"), int.Parse(ArgValue("--rounds") ?? "3", CultureInfo.InvariantCulture)));
    return;
}
if (args.Contains("--real-shapes"))
{
    InScratch(scratch => RealShapeBenchmark.Run(scratch, shared ?? throw new InvalidOperationException("--real-shapes reads the tokenizer and DL19 from --shared."),
        int.Parse(ArgValue("--rounds") ?? "1", CultureInfo.InvariantCulture), args.Contains("--with-7b")));
    return;
}
if (args.Contains("--rerankers"))
{
    InScratch(scratch => RerankerBenchmark.Run(scratch, shared ?? throw new InvalidOperationException("--rerankers reads the tokenizer and DL19 from --shared."),
        int.Parse(ArgValue("--queries") ?? "2", CultureInfo.InvariantCulture), int.Parse(ArgValue("--rounds") ?? "1", CultureInfo.InvariantCulture),
        args.Contains("--pointwise-only")));
    return;
}
if (args.Contains("--dl19"))
{
    InScratch(scratch => RerankBenchmark.RunDl19(scratch, shared, int.Parse(ArgValue("--queries") ?? "4", CultureInfo.InvariantCulture)));
    return;
}
if (args.Contains("--guard"))
{
    InScratch(scratch => RerankBenchmark.RunGuard(scratch, shared));
    return;
}
if (args.Contains("--rerank"))
{
    InScratch(scratch => RerankBenchmark.Run(scratch, shared, int.Parse(ArgValue("--queries") ?? "4", CultureInfo.InvariantCulture)));
    return;
}
if (args.Contains("--retrieval"))
{
    InScratch(scratch => RetrievalBenchmark.Run(scratch, shared, int.Parse(ArgValue("--passages") ?? "1000000", CultureInfo.InvariantCulture)));
    return;
}
if (ArgValue("--write-evaluation-data") is { } evaluationDirectory)
{
    // Used by bench/Measure-Evaluation.ps1: only write the inputs, the timing happens in PowerShell.
    var (runFile, qrelsFile) = EvaluationData.Write(evaluationDirectory);
    Console.WriteLine($"{runFile}\n{qrelsFile}");
    return;
}
var lines = int.Parse(ArgValue("--lines") ?? "1000000", CultureInfo.InvariantCulture);
var scratch = Directory.CreateTempSubdirectory("rearank-bench-").FullName;
var results = new List<Measurement.Result>();

try
{
    var run = Path.Combine(scratch, "run.txt");
    var write = Stopwatch.StartNew();
    WriteSyntheticRun(run, lines);
    Console.WriteLine($"Wrote a {lines:N0}-line run ({new FileInfo(run).Length / 1e6:F1} MB) in {write.Elapsed.TotalSeconds:F2} s ({lines / write.Elapsed.TotalSeconds:N0} lines/s).");
    AddPair("TREC run, 1M lines", run, () => TrecRunReader.Read(run).LongCount());

    if (shared is not null && Directory.Exists(shared))
    {
        var corpus = Path.Combine(shared, "scifact", "corpus.jsonl");
        AddPair("SciFact corpus.jsonl", corpus, () => DocumentReader.Read(corpus).LongCount());
        var candidates = Path.Combine(shared, "dl19", "retrieve_results_dl19_top100.json");
        AddPair("DL19 RankGPT candidates", candidates, () => CandidateListReader.Read(candidates).LongCount());
    }
    else
    {
        Console.WriteLine("Shared collections not found (--shared): SciFact and DL19 figures skipped.");
    }

    Console.WriteLine();
    Console.WriteLine($"| input | MB | records | median s | MB/s | records/s | allocated/record | time ÷ raw line scan |");
    Console.WriteLine($"|---|---:|---:|---:|---:|---:|---:|---:|");
    for (var i = 0; i < results.Count; i += 2)
    {
        var (parsed, raw) = (results[i], results[i + 1]);
        Console.WriteLine($"| {parsed.Name} | {parsed.Bytes / 1e6:F1} | {parsed.Records:N0} | {parsed.MedianSeconds:F3} | {parsed.MegabytesPerSecond:F0} | {parsed.RecordsPerSecond:N0} | {parsed.AllocatedBytesPerPass / Math.Max(1, parsed.Records):N0} B | {parsed.MedianSeconds / raw.MedianSeconds:F1}× |");
    }
    Console.WriteLine();
    Console.WriteLine($"Peak working set of the whole run: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB ({Environment.ProcessorCount} cores, .NET {Environment.Version}).");
}
finally
{
    Directory.Delete(scratch, recursive: true);
}

void AddPair(string name, string path, Func<long> parse)
{
    var bytes = new FileInfo(path).Length;
    results.Add(Measurement.Run(name, bytes, parse));
    results.Add(Measurement.Run(name + " (raw lines)", bytes, () => TextFile.ReadLines(path).LongCount()));
}

static void WriteSyntheticRun(string path, int count)
{
    // 10,000 queries of 100 hits with MS MARCO-like ids: the shape of a large first-stage run.
    using var writer = new TrecRunWriter(TextFile.CreateText(path), "bm25");
    var random = new Random(42);
    for (var i = 0; i < count; i++)
    {
        var query = 100000 + i / 100;
        writer.Write(new RankedHit { QueryId = query.ToString(CultureInfo.InvariantCulture), DocId = random.Next(8_841_823).ToString(CultureInfo.InvariantCulture), Rank = i % 100 + 1, Score = 30 - (i % 100) * 0.17 });
    }
}

string? ArgValue(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

// A benchmark's own temporary folder, removed afterwards whatever happens.
static void InScratch(Action<string> benchmark)
{
    var scratch = Directory.CreateTempSubdirectory("rearank-bench-").FullName;
    try
    {
        benchmark(scratch);
    }
    finally
    {
        Directory.Delete(scratch, recursive: true);
    }
}
