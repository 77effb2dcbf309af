namespace Rearank.Core.Evaluation.Measures;

/// <summary>set_P: relevant retrieved over retrieved (the whole ranking as an unordered set).</summary>
public sealed class SetPrecision() : Measure("set_P", ["set_P"])
{
    public override void Compute(RankedRelevance query, Span<double> values) =>
        values[0] = query.Retrieved > 0 ? (double)query.RelevantRetrieved / query.Retrieved : 0;
}

/// <summary>set_relative_P: relevant retrieved over the most that many retrieved documents could hold.</summary>
public sealed class SetRelativePrecision() : Measure("set_relative_P", ["set_relative_P"])
{
    public override void Compute(RankedRelevance query, Span<double> values) =>
        values[0] = query.Retrieved > 0 && query.RelevantCount > 0 ? (double)query.RelevantRetrieved / Math.Min(query.Retrieved, query.RelevantCount) : 0;
}

/// <summary>set_recall: relevant retrieved over num_rel.</summary>
public sealed class SetRecall() : Measure("set_recall", ["set_recall"])
{
    public override void Compute(RankedRelevance query, Span<double> values) =>
        values[0] = query.RelevantCount > 0 ? (double)query.RelevantRetrieved / query.RelevantCount : 0;
}

/// <summary>set_map: set precision times set recall (relevant retrieved² over retrieved × num_rel).</summary>
public sealed class SetAveragePrecision() : Measure("set_map", ["set_map"])
{
    public override void Compute(RankedRelevance query, Span<double> values) =>
        values[0] = query.Retrieved > 0 && query.RelevantCount > 0
            ? (double)query.RelevantRetrieved * query.RelevantRetrieved / ((double)query.Retrieved * query.RelevantCount)
            : 0;
}

/// <summary>set_F.x: (x + 1)·P·R / (x·P + R) over the retrieved set, x = 1 by default.</summary>
public sealed class SetF(double weight, string? printableParameters)
    : Measure("set_F", [printableParameters is null ? "set_F" : $"set_F_{printableParameters}"])
{
    public double Weight { get; } = weight;

    public override void Compute(RankedRelevance query, Span<double> values)
    {
        values[0] = 0;
        if (query.RelevantRetrieved == 0) return;
        var p = (double)query.RelevantRetrieved / query.Retrieved;
        var r = (double)query.RelevantRetrieved / query.RelevantCount;
        values[0] = (Weight + 1.0) * p * r / (Weight * p + r);
    }
}

/// <summary>
/// utility.a,b,c,d: a × relevant retrieved + b × non-relevant retrieved + c × relevant missed + d × non-relevant
/// missed (1, -1, 0, 0 by default; the collection size for d is taken as 0, as trec_eval does without -N).
/// </summary>
public sealed class Utility(IReadOnlyList<double> coefficients, string? printableParameters)
    : Measure("utility", [printableParameters is null ? "utility" : $"utility_{printableParameters}"])
{
    public IReadOnlyList<double> Coefficients { get; } = coefficients.Count == 4
        ? coefficients
        : throw new ArgumentException($"utility takes four coefficients (relevant retrieved, non-relevant retrieved, relevant missed, non-relevant missed), not {coefficients.Count}.");

    public override void Compute(RankedRelevance query, Span<double> values)
    {
        if (query.IsPlaceholder)
        {
            values[0] = 0;
            return;
        }
        const long documentsInCollection = 0;
        long relRet = query.RelevantRetrieved, ret = query.Retrieved, rel = query.RelevantCount;
        values[0] = Coefficients[0] * relRet + Coefficients[1] * (ret - relRet) + Coefficients[2] * (rel - relRet)
            + Coefficients[3] * (documentsInCollection + relRet - ret - rel);
    }
}
