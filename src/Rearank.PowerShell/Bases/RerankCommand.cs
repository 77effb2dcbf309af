using System.Management.Automation;
using Rearank.Core.Reranking;
using Rearank.PowerShell.Completers;
using Rearank.PowerShell.Sessions;

namespace Rearank.PowerShell.Bases;

/// <summary>
/// The parameters every reranking command shares (Invoke-RearankRerank, Invoke-RearankEvaluation): the session, the
/// window plan, the token budget and the queries in flight, with REARANK's defaults, and the options they make.
/// </summary>
public abstract class RerankCommand : RearankCmdlet
{
    /// <summary>The model session; the one Open-RearankSession opened last when omitted.</summary>
    [Parameter]
    [SessionTransformation]
    [ArgumentCompleter(typeof(SessionCompleter))]
    public IRerankSession? Session { get; set; }

    [Parameter]
    [ValidateRange(2, 1000)]
    public int WindowSize { get; set; } = WindowPlan.DefaultWindow;

    [Parameter]
    [ValidateRange(1, 1000)]
    public int Step { get; set; } = WindowPlan.DefaultStep;

    /// <summary>How many of each query's first-stage hits are reranked (REARANK: 100); the rest keep their places.</summary>
    [Parameter]
    [Alias("Top")]
    [ValidateRange(2, 100_000)]
    public int Depth { get; set; } = WindowPlan.DefaultDepth;

    [Parameter]
    [ValidateRange(1, 131_072)]
    public int MaxNewTokens { get; set; } = 2048;

    /// <summary>Queries in flight at once (default: twice the session's parallel windows, so the batch stays full).</summary>
    [Parameter]
    [ValidateRange(1, 10_000)]
    public int MaxConcurrentQueries { get; set; }

    /// <summary>The shared settings for this session; the caller adds what is its own (template, run tag).</summary>
    protected RerankOptions RerankOptionsFor(IRerankSession session) => new()
    {
        WindowSize = WindowSize, Step = Step, Depth = Depth, MaxNewTokens = MaxNewTokens,
        MaxConcurrentQueries = QueriesInFlight.For(session, MaxConcurrentQueries),
    };
}
