namespace Rearank.Core.Evaluation.Measures;

/// <summary>runid: the run's name, printed in trec_eval's 'all' block; it has no number.</summary>
public sealed class RunId() : Measure("runid", ["runid"])
{
    public override bool HasPerQueryValue => false;
    public override JudgmentsRead Reads => JudgmentsRead.None;
    public override Aggregation Aggregation => Aggregation.Sum;
    public override void Compute(RankedRelevance query, Span<double> values) => values[0] = 0;
}

/// <summary>num_q: how many queries were evaluated (printed for 'all' only).</summary>
public sealed class QueryCount() : Measure("num_q", ["num_q"])
{
    public override bool IsCount => true;
    public override Aggregation Aggregation => Aggregation.Sum;
    public override bool HasPerQueryValue => false;
    public override JudgmentsRead Reads => JudgmentsRead.None;
    public override void Compute(RankedRelevance query, Span<double> values) => values[0] = 1;
}

/// <summary>num_ret: documents retrieved (after the depth cut).</summary>
public sealed class RetrievedCount() : Measure("num_ret", ["num_ret"])
{
    public override bool IsCount => true;
    public override Aggregation Aggregation => Aggregation.Sum;
    public override void Compute(RankedRelevance query, Span<double> values) => values[0] = query.IsPlaceholder ? 0 : query.Retrieved;
}

/// <summary>num_rel: judged relevant documents, retrieved or not.</summary>
public sealed class RelevantCount() : Measure("num_rel", ["num_rel"])
{
    public override bool IsCount => true;
    public override Aggregation Aggregation => Aggregation.Sum;
    public override void Compute(RankedRelevance query, Span<double> values) => values[0] = query.RelevantCount;

    // trec_eval's quirk, kept so our numbers equal its: with -c, the 'all' num_rel counts every judgment graded
    // above 0 in the qrels, whatever the relevance level (-l 2 on DL19 prints 4102, not the per-query sum 2501).
    public override double? AggregateFromQrels(Qrels qrels, EvaluationOptions options) =>
        options.Complete ? qrels.QueryIds.Sum(q => qrels.For(q)!.Grades.Values.Count(g => g > 0)) : null;
}

/// <summary>num_rel_ret: relevant documents retrieved.</summary>
public sealed class RelevantRetrievedCount() : Measure("num_rel_ret", ["num_rel_ret"])
{
    public override bool IsCount => true;
    public override Aggregation Aggregation => Aggregation.Sum;
    public override void Compute(RankedRelevance query, Span<double> values) => values[0] = query.RelevantRetrieved;
}

/// <summary>num_nonrel_judged_ret: retrieved documents judged with a grade below the relevance level (summed).</summary>
public sealed class NonRelevantJudgedRetrievedCount() : Measure("num_nonrel_judged_ret", ["num_nonrel_judged_ret"])
{
    public override bool IsCount => true;
    public override Aggregation Aggregation => Aggregation.Sum;
    public override void Compute(RankedRelevance query, Span<double> values) =>
        values[0] = query.Retrieved - query.NotJudgedRetrieved - query.NegativeRetrieved - query.RelevantRetrieved;
}
