using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rearank.Core.Evaluation.Comparison;

namespace Rearank.Core.Reporting;

/// <summary>The text formats a <see cref="RankingTable"/> is written in.</summary>
public enum RankingTableFormat { Latex, Markdown, Csv, Json }

/// <summary>
/// A results table as text for a paper or a page: LaTeX (booktabs), Markdown or CSV, the best figure of each column
/// in bold and the letters of the runs it significantly beats as a superscript, as ranx writes them; or the whole
/// table with its pairwise comparisons as JSON.
/// </summary>
public static class RankingTableText
{
    /// <summary>The format a file name asks for (.tex, .md, .csv, .json); null for another extension.</summary>
    public static RankingTableFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".tex" or ".latex" => RankingTableFormat.Latex,
        ".md" or ".markdown" => RankingTableFormat.Markdown,
        ".csv" => RankingTableFormat.Csv,
        ".json" => RankingTableFormat.Json,
        _ => null,
    };

    public static string Write(RankingTable table, RankingTableFormat format, int digits = 4, string? caption = null, string? label = null) => format switch
    {
        RankingTableFormat.Latex => Latex(table, digits, caption, label),
        RankingTableFormat.Markdown => Markdown(table, digits),
        RankingTableFormat.Csv => Csv(table, digits),
        _ => Json(table),
    };

    /// <summary>What the marks mean, in words, for a caption or a note under the table.</summary>
    public static string Legend(RankingTable table)
    {
        var test = table.Test == SignificanceTest.Student ? "paired t-test" : "paired randomization test";
        var correction = table.Correction == MultipleTestingCorrection.None ? "" : $"{table.Correction}-adjusted ";
        var queries = table.Rows.Count > 0 ? table.Rows[0].Queries : 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"Means over {queries} {(table.Complete ? "judged queries (-c)" : "queries common to all runs")}. Best in bold; a superscript letter marks a run significantly better than the run of that letter ({test}, {correction}p < {table.MaxP}).");
    }

    private static string Number(double value, int digits) => value.ToString("F" + digits, CultureInfo.InvariantCulture);

    /// <summary>A cell's figure, wrapped as bold when it is the best, then the letters of the runs it beats, as a superscript.</summary>
    private static string Figure(RankingTableCell cell, int digits, string boldOpen, string boldClose, string supOpen, string supClose)
    {
        var figure = Number(cell.Mean, digits);
        if (cell.IsBest) figure = boldOpen + figure + boldClose;
        return cell.Beats.Count > 0 ? figure + supOpen + string.Concat(cell.Beats) + supClose : figure;
    }

    private static string Latex(RankingTable table, int digits, string? caption, string? label)
    {
        var text = new StringBuilder();
        text.Append("% Needs \\usepackage{booktabs}. ").Append(Legend(table)).Append('\n');
        text.Append("\\begin{table}[t]\n  \\centering\n");
        text.Append("  \\caption{").Append(EscapeLatex(caption ?? Legend(table))).Append("}\n");
        if (label is not null) text.Append("  \\label{").Append(label).Append("}\n");
        text.Append("  \\begin{tabular}{ll").Append('r', table.Measures.Count).Append("}\n    \\toprule\n");
        text.Append("     & Run");
        foreach (var measure in table.Measures) text.Append(" & ").Append(EscapeLatex(measure));
        text.Append(" \\\\\n    \\midrule\n");
        foreach (var row in table.Rows)
        {
            text.Append("    ").Append(row.Letter).Append(" & ").Append(EscapeLatex(row.Run));
            foreach (var cell in row.Cells) text.Append(" & ").Append(Figure(cell, digits, "\\textbf{", "}", "$^{", "}$"));
            text.Append(" \\\\\n");
        }
        text.Append("    \\bottomrule\n  \\end{tabular}\n\\end{table}\n");
        return text.ToString();
    }

    private static string Markdown(RankingTable table, int digits)
    {
        var text = new StringBuilder("| | Run |");
        foreach (var measure in table.Measures) text.Append(' ').Append(EscapeMarkdown(measure)).Append(" |");
        text.Append("\n|---|---|").Append(string.Concat(Enumerable.Repeat("---:|", table.Measures.Count))).Append('\n');
        foreach (var row in table.Rows)
        {
            text.Append("| ").Append(row.Letter).Append(" | ").Append(EscapeMarkdown(row.Run)).Append(" |");
            foreach (var cell in row.Cells) text.Append(' ').Append(Figure(cell, digits, "**", "**", "<sup>", "</sup>")).Append(" |");
            text.Append('\n');
        }
        return text.Append('\n').Append(Legend(table)).Append('\n').ToString();
    }

    /// <summary>One header row, one row per run; fields quoted as RFC 4180 says (the columns vary with the measures).</summary>
    private static string Csv(RankingTable table, int digits)
    {
        var text = new StringBuilder();
        var header = new List<string> { "Letter", "Run", "Queries" };
        foreach (var measure in table.Measures) header.AddRange([measure, measure + " best", measure + " better than"]);
        text.AppendJoin(',', header.Select(QuoteCsv)).Append('\n');
        foreach (var row in table.Rows)
        {
            var fields = new List<string> { row.Letter, row.Run, row.Queries.ToString(CultureInfo.InvariantCulture) };
            foreach (var cell in row.Cells)
                fields.AddRange([Number(cell.Mean, digits), cell.IsBest ? "true" : "false", string.Join(" ", cell.Beats)]);
            text.AppendJoin(',', fields.Select(QuoteCsv)).Append('\n');
        }
        return text.ToString();
    }

    private static string QuoteCsv(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,   // a test over one query has no p-value: NaN
        Converters = { new JsonStringEnumConverter() },
    };

    private static string Json(RankingTable table) => JsonSerializer.Serialize(table, JsonOptions) + "\n";

    private static string EscapeLatex(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
            escaped.Append(c switch
            {
                '\\' => "\\textbackslash{}",
                '&' or '%' or '$' or '#' or '_' or '{' or '}' => "\\" + c,
                '~' => "\\textasciitilde{}",
                '^' => "\\textasciicircum{}",
                _ => c.ToString(),
            });
        return escaped.ToString();
    }

    private static string EscapeMarkdown(string text) => text.Replace("|", "\\|").Replace("*", "\\*").Replace("_", "\\_");
}
