using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace Rearank.Core.Retrieval;

/// <summary>
/// BM25 with Lucene 9's arithmetic, which Anserini uses, on top of Lucene.Net 4.8. It differs from 4.8's own
/// BM25Similarity where scores move: the length norm (<see cref="LengthNorm"/>), the average length
/// (sumTotalTermFreq / docCount rather than / maxDoc), no (k1 + 1) factor, and every step in 32-bit float as Lucene 9
/// computes it. Coordination and query normalisation, which Lucene 9 no longer has, are switched off.
/// </summary>
public sealed class Lucene9Bm25Similarity(float k1 = Lucene9Bm25Similarity.DefaultK1, float b = Lucene9Bm25Similarity.DefaultB) : Similarity
{
    /// <summary>Anserini's defaults (Lucene's own are 1.2 and 0.75).</summary>
    public const float DefaultK1 = 0.9f;
    public const float DefaultB = 0.4f;

    public float K1 { get; } = k1;
    public float B { get; } = b;

    /// <summary>Field length without overlapping tokens (position increment 0), as Lucene's discountOverlaps.</summary>
    public override long ComputeNorm(FieldInvertState state) => LengthNorm.LengthToByte(state.Length - state.NumOverlap);

    public override float Coord(int overlap, int maxOverlap) => 1f;

    public override float QueryNorm(float valueForNormalization) => 1f;

    public override SimWeight ComputeWeight(float queryBoost, CollectionStatistics collectionStats, params TermStatistics[] termStats)
    {
        var docCount = collectionStats.DocCount > 0 ? collectionStats.DocCount : collectionStats.MaxDoc;
        // A phrase (several terms) sums their idfs, as Lucene does.
        var idf = 0f;
        foreach (var term in termStats) idf += Idf(term.DocFreq, docCount);
        return new Bm25Weight(collectionStats.Field, idf, queryBoost, NormInverses(collectionStats));
    }

    /// <summary>
    /// 1 / (k1 (1 - b + b length / average length)) for each of the 256 encoded lengths: what a document's length
    /// contributes to its score. The same for every term of a field.
    /// </summary>
    internal float[] NormInverses(CollectionStatistics collectionStats)
    {
        var docCount = collectionStats.DocCount > 0 ? collectionStats.DocCount : collectionStats.MaxDoc;
        var averageLength = (float)(collectionStats.SumTotalTermFreq / (double)docCount);
        var cache = new float[256];
        for (var i = 0; i < cache.Length; i++)
            cache[i] = 1f / (K1 * ((1 - B) + B * LengthNorm.LengthTable[i] / averageLength));
        return cache;
    }

    /// <summary>A term's weight once normalised: its query boost, the boosts of the queries around it, its idf.</summary>
    internal static float TermWeight(float queryBoost, float topLevelBoost, float idf) => queryBoost * topLevelBoost * idf;

    /// <summary>One term's score in one document, from the term's weight, its frequency there and the document's norm inverse.</summary>
    internal static float TermScore(float weight, float freq, float normInverse) => weight - weight / (1f + freq * normInverse);

    public override SimScorer GetSimScorer(SimWeight weight, AtomicReaderContext context)
    {
        var stats = (Bm25Weight)weight;
        return new Bm25Scorer(stats, context.AtomicReader.GetNormValues(stats.Field));
    }

    /// <summary>log(1 + (N - n + 0.5) / (n + 0.5)), computed in double and rounded to float, as Lucene 9 does.</summary>
    public static float Idf(long docFreq, long docCount) => (float)Math.Log(1 + (docCount - docFreq + 0.5d) / (docFreq + 0.5d));

    private sealed class Bm25Weight(string field, float idf, float queryBoost, float[] cache) : SimWeight
    {
        public string Field { get; } = field;
        public float[] Cache { get; } = cache;
        public float Weight { get; private set; } = queryBoost * idf;

        public override float GetValueForNormalization() => Weight * Weight;

        // topLevelBoost carries the boosts of enclosing queries (the field weights of a multi-field query).
        public override void Normalize(float queryNorm, float topLevelBoost) => Weight = TermWeight(queryBoost, topLevelBoost, idf);
    }

    private sealed class Bm25Scorer(Bm25Weight weight, NumericDocValues? norms) : SimScorer
    {
        private readonly float weightValue = weight.Weight;

        public override float Score(int doc, float freq)
        {
            // A field indexed without norms reads as norm 1, as in Lucene 9.
            return TermScore(weightValue, freq, weight.Cache[norms is null ? 1 : (int)(norms.Get(doc) & 0xFF)]);
        }

        public override float ComputeSlopFactor(int distance) => 1f / (distance + 1);

        public override float ComputePayloadFactor(int doc, int start, int end, Lucene.Net.Util.BytesRef payload) => 1f;

        public override Explanation Explain(int doc, Explanation freq) =>
            new(Score(doc, freq.Value), $"BM25 (Lucene 9 arithmetic), weight {weightValue}, freq {freq.Value}");
    }
}
