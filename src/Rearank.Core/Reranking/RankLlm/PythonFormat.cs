using System.Text;

namespace Rearank.Core.Reranking.RankLlm;

/// <summary>
/// Python's str.format with named fields, as rank_llm fills its templates: "{name}" takes the value, "{{" and "}}"
/// are literal braces. Anything else Python's format would do (positions, conversions, specs) is refused, since no
/// rank_llm template uses it and a guess would change prompt bytes.
/// </summary>
internal static class PythonFormat
{
    public static string Format(string template, IReadOnlyDictionary<string, string> values)
    {
        var output = new StringBuilder(template.Length + 64);
        foreach (var (literal, field) in Parse(template))
        {
            output.Append(literal);
            if (field is null) continue;
            if (!values.TryGetValue(field, out var value))
                throw new FormatException($"the placeholder {{{field}}} has no value here");
            output.Append(value);
        }
        return output.ToString();
    }

    /// <summary>The placeholders a template text uses, as Python's string.Formatter().parse names them.</summary>
    public static IReadOnlySet<string> FieldNames(string template) =>
        Parse(template).Where(p => p.Field is not null).Select(p => p.Field!).ToHashSet(StringComparer.Ordinal);

    /// <summary>Literal text and the field after it (null at the end), like Formatter.parse.</summary>
    private static IEnumerable<(string Literal, string? Field)> Parse(string template)
    {
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{') { literal.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}') { literal.Append('}'); i++; continue; }
            if (c == '}') throw new FormatException("a single '}' is encountered in the text (write '}}' for a brace)");
            if (c != '{') { literal.Append(c); continue; }
            var close = template.IndexOf('}', i + 1);
            if (close < 0) throw new FormatException("a '{' is never closed (write '{{' for a brace)");
            var field = template[(i + 1)..close];
            if (field.Length == 0 || field.IndexOfAny(['!', ':', '[', '.', '{']) >= 0 || char.IsDigit(field[0]))
                throw new FormatException($"the placeholder {{{field}}} is not a plain name");
            yield return (literal.ToString(), field);
            literal.Clear();
            i = close;
        }
        yield return (literal.ToString(), null);
    }
}
