namespace Rearank.Core.Evaluation.Measures;

/// <summary>
/// relstring.n: the grades of the first n retrieved documents as text, one character each: the digit for 0-9, '>'
/// above 9, '-' for a document absent from the qrels and '.' for one judged negative. Printed per query only.
/// </summary>
public sealed class RelString(int length, string? printableParameters)
    : Measure("relstring", [printableParameters is null ? "relstring" : $"relstring_{printableParameters}"])
{
    public int Length { get; } = length;

    public override Aggregation Aggregation => Aggregation.None;
    public override bool IsText => true;

    public override void Compute(RankedRelevance query, Span<double> values) => values[0] = 0;

    public override string Text(RankedRelevance query)
    {
        if (query.IsPlaceholder) return "";
        var length = Math.Max(0, Math.Min(Length, query.Retrieved));
        return string.Create(length, query, static (chars, q) =>
        {
            for (var i = 0; i < chars.Length; i++)
                chars[i] = q.Grades[i] switch
                {
                    > 9 => '>',
                    >= 0 and var g => (char)('0' + g),
                    RankedRelevance.NotJudged => '-',
                    RankedRelevance.JudgedNegative => '.',
                    _ => '<',
                };
        });
    }
}
