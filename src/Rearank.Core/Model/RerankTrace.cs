namespace Rearank.Core.Model;

/// <summary>One window of one query: what the model was shown, what it thought and answered, and what that did.</summary>
public sealed record WindowTrace(
    int Start,
    int End,
    IReadOnlyList<string> DocIds,
    string? Think,
    string Answer,
    IReadOnlyList<int> Permutation,
    bool FormatValid,
    bool AnswerComplete,
    int PromptTokens,
    int OutputTokens,
    double Seconds,
    WindowStop StopReason,
    string RawOutput)
{
    /// <summary>With -ForceAnswer: when the guard took over, why, and the first token where it overruled the model (null: never).</summary>
    public AnswerGuardReport? AnswerGuard { get; init; }

    /// <summary>Seconds the prompt took, until the first token (local sessions); the rest of Seconds is generation.</summary>
    public double? PromptSeconds { get; init; }

    /// <summary>For a failed window (StopReason failed): why; the window kept its order.</summary>
    public string? Failure { get; init; }

    /// <summary>
    /// FIRST: each passage's identifier log-probability as the first answer token (null: not among the likeliest
    /// tokens); pointwise: each passage's probability of "yes". By window position; null for generated answers.
    /// </summary>
    public IReadOnlyList<double?>? IdentifierScores { get; init; }

    /// <summary>The replica that answered (remote sessions); null for local ones and older traces.</summary>
    public string? Replica { get; init; }

    /// <summary>The model the server said answered; null for local sessions and older traces.</summary>
    public string? ServedModel { get; init; }

    public override string ToString() => $"[{Start},{End}) {Short.Of(Answer)}";
}

/// <summary>How one query was reranked: the settings and every window in the order they ran.</summary>
public sealed record RerankTrace(
    string QueryId,
    string QueryText,
    string Model,
    string Template,
    int WindowSize,
    int Step,
    int Depth,
    IReadOnlyList<WindowTrace> Windows)
{
    /// <summary>How the model decoded (greedy or the sampling, the answer guard, the new-token budget); null in older traces.</summary>
    public string? Decoding { get; init; }

    public override string ToString() => $"{QueryId}: {Windows.Count} windows, {Template}, {Model}";

    public int PromptTokens => Windows.Sum(w => w.PromptTokens);
    public int OutputTokens => Windows.Sum(w => w.OutputTokens);
    public double Seconds => Windows.Sum(w => w.Seconds);

    /// <summary>Windows the model gave no answer for (they kept their order); a query with any is not reranked.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int FailedWindows => Windows.Count(w => w.StopReason == WindowStop.Failed);
}
