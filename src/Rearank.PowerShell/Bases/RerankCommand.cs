using System.Management.Automation;
using Rearank.Core.Reranking;
using Rearank.Core.Reranking.RankLlm;
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

    /// <summary>
    /// The prompt (unless given, the method's own: rearank, or rank_zephyr_alpha for FIRST, pointwise_vllm for
    /// pointwise): REARANK's (rearank; rankgpt, its non-thinking one; rankgpt-original), one of
    /// rank_llm's by name (rank_gpt, rank_gpt_apeer, rank_zephyr, rank_zephyr_alpha, reasonrank, qwen_thinking,
    /// qwen_non_thinking, pointwise_vllm), or the path of a template file in rank_llm's YAML format.
    /// </summary>
    [Parameter]
    [ArgumentCompleter(typeof(TemplateCompleter))]
    public string Template { get; set; } = "rearank";

    /// <summary>
    /// Listwise (the model writes its ranking; the default), FirstToken (FIRST: one forward pass per window, ordered by
    /// each identifier's probability as the first answer token; default template rank_zephyr_alpha) or Pointwise
    /// (rank_llm's yes/no per passage; default template pointwise_vllm).
    /// </summary>
    [Parameter]
    public RerankMethod Method { get; set; } = RerankMethod.Listwise;

    /// <summary>Queries in flight at once (default: twice the session's parallel windows, so the batch stays full).</summary>
    [Parameter]
    [ValidateRange(1, 10_000)]
    public int MaxConcurrentQueries { get; set; }

    /// <summary>
    /// The shared settings for this session, the template and the method checked against each other; the caller adds
    /// what is its own (the run tag). A template that cannot be had or cannot serve the method stops the command.
    /// </summary>
    protected RerankOptions RerankOptionsFor(IRerankSession session, IRerankPrompt? fallback = null)
    {
        var options = new RerankOptions
        {
            Template = ResolveTemplate(fallback), Method = Method,
            WindowSize = WindowSize, Step = Step, Depth = Depth, MaxNewTokens = MaxNewTokens,
            MaxConcurrentQueries = QueriesInFlight.For(session, MaxConcurrentQueries),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.TemplateNotForMethod, ErrorCategory.InvalidArgument, Template));
        }
        return options;
    }

    /// <summary>-Template as a prompt: a name (REARANK's, then rank_llm's) or a template file; with none, the method's default.</summary>
    private IRerankPrompt ResolveTemplate(IRerankPrompt? fallback)
    {
        var name = Template;
        if (!MyInvocation.BoundParameters.ContainsKey(nameof(Template)))
            return Method switch
            {
                RerankMethod.FirstToken => new RankLlmPrompt(RankLlmTemplate.Bundled("rank_zephyr_alpha")),
                RerankMethod.Pointwise => new RankLlmPrompt(RankLlmTemplate.Bundled("pointwise_vllm")),
                _ => fallback ?? PromptTemplates.Rearank,
            };
        if (PromptTemplates.Find(name) is { } rearank) return rearank;
        if (RankLlmTemplate.IsBundled(name)) return new RankLlmPrompt(RankLlmTemplate.Bundled(name));
        var looksLikeFile = name.IndexOfAny(['/', '\\']) >= 0 || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
        if (!looksLikeFile)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(
                $"Unknown template '{name}'. The templates are {string.Join(", ", PromptTemplates.All.Select(t => t.Name).Concat(RankLlmTemplate.BundledNames))}, or the path of a rank_llm YAML template file."),
                ErrorIds.UnknownTemplate, ErrorCategory.InvalidArgument, name));
        var path = ResolveOutputPath(name);
        if (!File.Exists(path))
            ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"Cannot find the template file '{name}'.", name), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, name));
        try
        {
            return new RankLlmPrompt(RankLlmTemplate.Load(path));
        }
        catch (InvalidTemplateException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidTemplate, ErrorCategory.InvalidData, path));
            throw;
        }
    }
}
