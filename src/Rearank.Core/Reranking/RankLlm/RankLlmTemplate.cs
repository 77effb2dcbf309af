using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rearank.Core.Reranking.RankLlm;

/// <summary>How a rank_llm template lays a prompt out (its "method").</summary>
public enum RankLlmMethod
{
    /// <summary>singleturn_listwise: one user turn with the prefix, every passage and the suffix.</summary>
    SingleTurnListwise,

    /// <summary>multiturn_listwise: RankGPT's conversation, a user turn per passage and the model's acknowledgements.</summary>
    MultiTurnListwise,

    /// <summary>pointwise: one query and one passage per prompt, answered yes or no.</summary>
    Pointwise,
}

/// <summary>A template is malformed: the message names the file and the section.</summary>
public sealed class InvalidTemplateException(string message, Exception? inner = null) : RearankException(message, inner);

/// <summary>
/// A prompt template in rank_llm's YAML format (its prompt_templates/): the method and the texts of each section,
/// checked as rank_llm's inference handlers check them (required sections, known sections, the placeholders each
/// may and must use), so a template rank_llm accepts is accepted here and one it refuses is refused with the reason.
/// </summary>
public sealed class RankLlmTemplate
{
    private RankLlmTemplate(string name, string source, RankLlmMethod method, IReadOnlyDictionary<string, string> sections)
    {
        Name = name;
        Source = source;
        Method = method;
        Sections = sections;
    }

    /// <summary>The name -Template takes (a bundled template's) or the file's name without extension.</summary>
    public string Name { get; }

    /// <summary>Where it was read from: "rank_llm" for a bundled template, else the file's path.</summary>
    public string Source { get; }

    public RankLlmMethod Method { get; }

    /// <summary>Every section as written, "method" included.</summary>
    public IReadOnlyDictionary<string, string> Sections { get; }

    public string? Section(string key) => Sections.TryGetValue(key, out var text) ? text : null;

    /// <summary>
    /// Whether passages are named A, B, C (rank_llm's use_alpha): its alphabetic templates extract "[A-Z]" answers.
    /// </summary>
    public bool AlphabeticIdentifiers => Section("output_extraction_regex")?.Contains("[A-Z]", StringComparison.Ordinal) == true;

    /// <summary>The templates that ship with the module, rank_llm's own files (Templates/README.md).</summary>
    public static IReadOnlyList<string> BundledNames { get; } =
        ["rank_gpt", "rank_gpt_apeer", "rank_zephyr", "rank_zephyr_alpha", "reasonrank", "qwen_thinking", "qwen_non_thinking", "pointwise_vllm"];

    public static bool IsBundled(string name) => BundledNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>A bundled template by its rank_llm name (case-insensitive).</summary>
    public static RankLlmTemplate Bundled(string name)
    {
        var canonical = BundledNames.FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown rank_llm template '{name}'; the bundled ones are {string.Join(", ", BundledNames)}.");
        using var stream = typeof(RankLlmTemplate).Assembly.GetManifestResourceStream($"rank_llm/{canonical}.yaml")
            ?? throw new InvalidOperationException($"The bundled template {canonical} is missing from Rearank.Core.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), canonical, "rank_llm");
    }

    /// <summary>Reads a template file; a missing file, bad YAML or a template rank_llm would refuse is an InvalidTemplateException naming the file.</summary>
    public static RankLlmTemplate Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidTemplateException($"{path}: cannot read the template: {e.Message}", e);
        }
        return Parse(text, Path.GetFileNameWithoutExtension(path), path);
    }

    public static RankLlmTemplate Parse(string yaml, string name, string source)
    {
        var sections = ReadSections(yaml, source);
        if (!sections.TryGetValue("method", out var methodText))
            throw new InvalidTemplateException($"{source}: the template has no 'method' section (singleturn_listwise, multiturn_listwise or pointwise).");
        var method = methodText switch
        {
            "singleturn_listwise" => RankLlmMethod.SingleTurnListwise,
            "multiturn_listwise" => RankLlmMethod.MultiTurnListwise,
            "pointwise" => RankLlmMethod.Pointwise,
            _ => throw new InvalidTemplateException($"{source}: method '{methodText}' is not one this module renders; expected singleturn_listwise, multiturn_listwise or pointwise."),
        };
        RankLlmTemplateRules.Check(method, sections, source);
        return new RankLlmTemplate(name, source, method, sections);
    }

    /// <summary>The top-level mapping of text sections, as yaml.safe_load gives it to rank_llm.</summary>
    private static Dictionary<string, string> ReadSections(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new InvalidTemplateException($"{source}: line {e.Start.Line}, column {e.Start.Column}: not valid YAML: {e.InnerException?.Message ?? e.Message}", e);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InvalidTemplateException($"{source}: a template is a YAML mapping of section names to texts.");
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? throw new InvalidTemplateException($"{source}: line {keyNode.Start.Line}: a section name must be text.");
            if (valueNode is not YamlScalarNode { Value: { } value })
                throw new InvalidTemplateException($"{source}: line {valueNode.Start.Line}: section '{key}' must be text.");
            sections[key] = value;
        }
        return sections;
    }
}
