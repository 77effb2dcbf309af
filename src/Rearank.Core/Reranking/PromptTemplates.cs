namespace Rearank.Core.Reranking;

/// <summary>
/// The prompts REARANK was trained and evaluated with, byte for byte (protocol §2). The sentences glued without a
/// space ("query.Search Query", "query.The passages") are in the original and the model saw them in training.
/// </summary>
public static class PromptTemplates
{
    private const string Indent = "            ";

    /// <summary>REARANK's thinking prompt: the default, and the one its published numbers need.</summary>
    public static readonly PromptTemplate Rearank = new()
    {
        Name = "rearank",
        Thinking = true,
        System = "You are DeepRerank, an intelligent assistant that can rank passages based on their relevancy to the search query. "
            + "You first thinks about the reasoning process in the mind and then provides the user with the answer.",
        Instruction = "I will provide you with passages, each indicated by number identifier []. Rank the passages based on their relevance to the search query."
            + "Search Query: {query}. \nRank the {num} passages above based on their relevance to the search query."
            + "The passages should be listed in descending order using identifiers. The most relevant passages should be listed first. "
            + "The output format should be <answer> [] > [] </answer>, e.g., <answer> [1] > [2] </answer>.",
        Acknowledgement = "Okay, please provide the passages.",
        PassageReply = "Received passage [{i}].",
        Final = "Please rank these passages according to their relevance to the search query: \"{query}\"\n"
            + Indent + "Follow these steps exactly:\n"
            + Indent + "1. First, within <think> tags, analyze EACH passage individually:\n"
            + Indent + "- Evaluate how well it addresses the query\n"
            + Indent + "- Note specific relevant information or keywords\n"
            + "\n"
            + Indent + "2. Then, within <answer> tags, provide ONLY the final ranking in descending order of relevance using the format: [X] > [Y] > [Z]",
        PassageLimit = 400,
    };

    /// <summary>REARANK's non-thinking mode: the RankGPT prompt as REARANK's code sends it (300 characters, no replies).</summary>
    public static readonly PromptTemplate RankGpt = new()
    {
        Name = "rankgpt",
        Thinking = false,
        System = "You are RankGPT, an intelligent assistant that can rank passages based on their relevancy to the query.",
        Instruction = "I will provide you with {num} passages, each indicated by number identifier []. \nRank the passages based on their relevance to query: {query}.",
        Acknowledgement = "Okay, please provide the passages.",
        PassageReply = null,
        Final = "Search Query: {query}. \nRank the {num} passages above based on their relevance to the search query. "
            + "The passages should be listed in descending order using identifiers. The most relevant passages should be listed first. "
            + "The output format should be [] > [], e.g., [1] > [2]. Only response the ranking results, do not say any word or explain.",
        PassageLimit = 300,
    };

    /// <summary>RankGPT as its authors ship it: 300 words per passage and a reply after each.</summary>
    public static readonly PromptTemplate RankGptOriginal = RankGpt with
    {
        Name = "rankgpt-original",
        PassageReply = "Received passage [{i}].",
        CutByWords = true,
    };

    public static IReadOnlyList<PromptTemplate> All { get; } = [Rearank, RankGpt, RankGptOriginal];

    /// <summary>A template by name (case-insensitive), or null.</summary>
    public static PromptTemplate? Find(string name) => All.FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public static PromptTemplate Get(string name) =>
        Find(name)
        ?? throw new ArgumentException($"Unknown prompt template '{name}'; the templates are {string.Join(", ", All.Select(t => t.Name))}.");
}
