namespace Rearank.Core.Reranking.RankLlm;

/// <summary>
/// rank_llm's checks of a template, per method (its inference handlers' _validate_template): which sections must be
/// there, which may, and which placeholders each must and may use. An unknown placeholder is an error here where
/// rank_llm only prints a line, since the prompt could not be filled anyway.
/// </summary>
internal static class RankLlmTemplateRules
{
    private sealed record Rule(bool Required, string[] Must, string[] May);

    private static readonly Rule Plain = new(false, [], []);

    private static Dictionary<string, Rule> RulesFor(RankLlmMethod method, IReadOnlyDictionary<string, string> sections) => method switch
    {
        RankLlmMethod.SingleTurnListwise => new()
        {
            ["method"] = Plain with { Required = true },
            ["body"] = new(true, ["rank", "candidate"], ["score"]),
            ["system_message"] = Plain,
            ["prefix"] = new(false, [], ["query", "num"]),
            ["suffix"] = new(false, [], ["query", "num", "psg_ids"]),
            ["output_validation_regex"] = Plain with { Required = true },
            ["output_extraction_regex"] = Plain with { Required = true },
        },
        RankLlmMethod.MultiTurnListwise => new()
        {
            ["method"] = Plain with { Required = true },
            ["body_user"] = new(true, ["rank", "candidate"], []),
            ["system_message"] = Plain,
            ["prefix_assistant"] = new(false, [], ["query", "num"]),
            ["body_assistant"] = new(false, [], ["rank"]),
            ["prefix_user"] = new(false, [], ["query", "num"]),
            ["suffix_user"] = new(false, [], ["query", "num"]),
            ["output_validation_regex"] = Plain with { Required = true },
            ["output_extraction_regex"] = Plain with { Required = true },
        },
        _ => PointwiseRules(sections.TryGetValue("message_roles", out var roles) && roles == "reranker"),
    };

    private static Dictionary<string, Rule> PointwiseRules(bool reranker) => new()
    {
        ["method"] = Plain with { Required = true },
        ["system_message"] = Plain,
        ["body"] = reranker ? new(false, [], ["instruction", "query", "doc_content"]) : new(true, ["query", "doc_content"], []),
        ["message_roles"] = Plain,
        ["instruction"] = Plain with { Required = reranker },
    };

    public static void Check(RankLlmMethod method, IReadOnlyDictionary<string, string> sections, string source)
    {
        var rules = RulesFor(method, sections);
        var missing = rules.Where(r => r.Value.Required && !sections.ContainsKey(r.Key)).Select(r => r.Key).ToList();
        if (missing.Count > 0)
            throw new InvalidTemplateException($"{source}: a {sections["method"]} template needs the section{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}.");
        var listwise = method != RankLlmMethod.Pointwise;
        // rank_llm: with a prefix or suffix, one of them must ask {query}; multi-turn templates have neither key.
        var queryAsked = !(sections.ContainsKey("prefix") || sections.ContainsKey("suffix"));
        foreach (var (key, text) in sections)
        {
            if (!rules.TryGetValue(key, out var rule))
                throw new InvalidTemplateException($"{source}: '{key}' is not a section of a {sections["method"]} template; the sections are {string.Join(", ", rules.Keys)}.");
            // The answer patterns are never filled in ("\d{1,3}" is a regex, not a placeholder).
            if (key == "method" || key.EndsWith("_regex", StringComparison.Ordinal)) continue;
            IReadOnlySet<string> used;
            try
            {
                used = PythonFormat.FieldNames(text);
            }
            catch (FormatException e)
            {
                throw new InvalidTemplateException($"{source}: section '{key}': {e.Message}.", e);
            }
            var lacking = rule.Must.Where(p => !used.Contains(p)).ToList();
            if (lacking.Count > 0)
                throw new InvalidTemplateException($"{source}: section '{key}' must use {string.Join(" and ", lacking.Select(p => $"{{{p}}}"))}.");
            var unknown = used.Where(p => !rule.Must.Contains(p) && !rule.May.Contains(p)).ToList();
            if (unknown.Count > 0)
                throw new InvalidTemplateException($"{source}: section '{key}' uses {string.Join(", ", unknown.Select(p => $"{{{p}}}"))}, which it cannot; it may use {(rule.Must.Length + rule.May.Length == 0 ? "no placeholder" : string.Join(", ", rule.Must.Concat(rule.May).Select(p => $"{{{p}}}")))}.");
            if (used.Contains("query")) queryAsked = true;
        }
        if (listwise && !queryAsked)
            throw new InvalidTemplateException($"{source}: the prefix or the suffix must use {{query}}.");
        if (method == RankLlmMethod.MultiTurnListwise)
        {
            if (!sections.ContainsKey("prefix_assistant") && !sections.ContainsKey("body_assistant"))
                throw new InvalidTemplateException($"{source}: a multiturn_listwise template needs prefix_assistant or body_assistant.");
            if (sections.ContainsKey("prefix_assistant") && !sections.ContainsKey("prefix_user"))
                throw new InvalidTemplateException($"{source}: prefix_assistant needs a prefix_user section.");
            if (sections.ContainsKey("body_assistant") && sections.ContainsKey("prefix_user") && !sections.ContainsKey("prefix_assistant"))
                throw new InvalidTemplateException($"{source}: body_assistant with prefix_user needs a prefix_assistant section.");
        }
    }
}
