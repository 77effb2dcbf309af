using Lucene.Net.Documents;
using Lucene.Net.Index;

namespace Rearank.Core.Retrieval;

/// <summary>
/// The index layout. 'contents' is BEIR's flat field (title + " " + text), searched by default. With a multi-field
/// index 'title' and 'text' are searchable too ('text' is what Anserini's multifield BEIR indexes call 'contents').
/// The raw title and text live in the <see cref="DocumentStore"/>, found through the 'store' doc value.
/// </summary>
public static class IndexFields
{
    public const string Id = "id";
    public const string Contents = "contents";
    public const string Title = "title";
    public const string Text = "text";

    /// <summary>Doc value: where the document's title and text start in the <see cref="DocumentStore"/>.</summary>
    public const string StoreOffset = "store";

    /// <summary>Term frequencies are all BM25 needs: no positions, no term vectors, so the index stays small.</summary>
    internal static readonly FieldType Searchable = Freeze(new FieldType
    {
        IsIndexed = true, IsTokenized = true, IsStored = false, OmitNorms = false, IndexOptions = IndexOptions.DOCS_AND_FREQS,
    });


    private static FieldType Freeze(FieldType type)
    {
        type.Freeze();
        return type;
    }
}
