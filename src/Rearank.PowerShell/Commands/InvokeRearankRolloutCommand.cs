using Rearank.Core.Model;
using System.Management.Automation;
using Rearank.Core.Inference;
using Rearank.Core.IO;
using Rearank.Core.Reranking;
using Rearank.Core.Training;
using Rearank.PowerShell.Bases;
using Rearank.PowerShell.Completers;
using Rearank.PowerShell.Sessions;

namespace Rearank.PowerShell.Commands;

/// <summary>
/// Samples K responses per training row through a session and scores each with REARANK's reward: rejection-sampling
/// data, and a check of a model before and after training.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "RearankRollout", SupportsShouldProcess = true)]
[OutputType(typeof(RolloutSample))]
public sealed class InvokeRearankRolloutCommand : QrelsCommand
{
    private readonly List<TrainingRow> rows = [];

    /// <summary>Training rows from Export-RearankTrainingSet -PassThru.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public TrainingRow? InputObject { get; set; }

    [Parameter]
    [SessionTransformation]
    [ArgumentCompleter(typeof(SessionCompleter))]
    public IRerankSession? Session { get; set; }

    /// <summary>Responses per row (GRPO's group size; REARANK used 32).</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int Samples { get; set; } = 8;

    [Parameter]
    [ValidateRange(0.0, 5.0)]
    public float Temperature { get; set; } = 1.0f;

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Seed { get; set; } = 42;

    /// <summary>Nucleus sampling; 1 (the default, as verl's rollouts) keeps the whole distribution.</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public float TopP { get; set; } = 1f;

    /// <summary>Top-k sampling; 0 (the default, as verl's rollouts) keeps every token.</summary>
    [Parameter]
    [ValidateRange(0, 1_000_000)]
    public int TopK { get; set; }

    /// <summary>Min-p sampling; 0 (the default) keeps every token.</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public float MinP { get; set; }

    [Parameter]
    [ValidateRange(1, 131_072)]
    public int MaxNewTokens { get; set; } = 2048;

    /// <summary>Write every sample (row, seed, response, reward parts) as JSONL.</summary>
    [Parameter]
    public string? Path { get; set; }

    /// <summary>Replace an existing -Path file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is not null) rows.Add(InputObject);
    }

    protected override void EndProcessing()
    {
        var session = ResolveSession(Session);
        var qrels = LoadQrels();
        var path = Path is null ? null : ResolveOutputPath(Path);
        if (path is not null && !ShouldWrite(path, Force, "Write every sample as JSONL")) return;
        using var file = path is null ? null : new RolloutFile(TextFile.CreateText(path));
        var all = new List<RolloutSample>();
        var progress = new ProgressReporter(this, ProgressIds.Rollout, "Invoke-RearankRollout");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sampling = new SamplingSettings { Temperature = Temperature, Seed = (uint)Seed, TopP = TopP, TopK = TopK, MinP = MinP };
        WriteVerbose($"Sampling {Samples} responses per row: {sampling}.");
        var samples = Rollouts.RunAsync(session, rows, qrels, Samples, sampling, MaxNewTokens, CancellationToken).GetAsyncEnumerator(CancellationToken);
        try
        {
            while (samples.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                var sample = samples.Current;
                all.Add(sample);
                file?.Write(sample);
                WriteObject(sample);
                progress.Report($"{all.Count:N0} of {rows.Count * Samples:N0} samples, {all.Count / Math.Max(0.001, clock.Elapsed.TotalSeconds) * 60:N1} samples/min",
                    all.Count, rows.Count * Samples);
                this.WriteNativeLog();
            }
        }
        finally
        {
            samples.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        if (all.Count == 0) return;
        foreach (var row in all.GroupBy(s => s.Index))
            WriteVerbose($"Row {row.Key} (query {row.First().QueryId}): mean reward {row.Average(s => s.Reward.Reward):F3}, " +
                         string.Join(", ", Rollouts.Histogram(row.Select(s => s.Reward.Reward)).Where(b => b.Count > 0).Select(b => $"{b.Bin}: {b.Count}")));
        var failures = all.Count(s => !s.Reward.FormatOk) / (double)all.Count;
        WriteInformation(new InformationRecord(
            $"{all.Count} samples over {rows.Count} rows: mean reward {all.Average(s => s.Reward.Reward):F3}, format failures {failures:P1}; rewards " +
            string.Join(", ", Rollouts.Histogram(all.Select(s => s.Reward.Reward)).Select(b => $"{b.Bin}: {b.Count}")), "Invoke-RearankRollout"));
    }
}
