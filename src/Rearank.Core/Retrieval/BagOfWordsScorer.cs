using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Rearank.Core.Retrieval;

/// <summary>
/// Scores Anserini's bag-of-words query (<see cref="FieldBag"/>s) over Lucene's postings with the arithmetic of the
/// Lucene.Net query it stands for (per field a BooleanQuery of boosted TermQuerys, several fields under one more
/// BooleanQuery), so every score is the same float; without that query's objects. Lucene built a weight, a
/// dictionary lookup and a fresh terms enumerator per term, and a table of 2,048 buckets per query: a quarter of a
/// megabyte a query, collected by garbage collections that stopped every search thread. Here one reader's
/// enumerators, postings and accumulators are kept per thread and reused.
/// What is reproduced of Lucene.Net 4.8:
/// - a term's weight is (count × field weight) × idf, the idf over the whole index, as TermQuery and
///   BooleanWeight.Normalize compute it (a one-term bag is rewritten to its term with the product as boost: the same);
/// - BooleanScorer sums a document's term scores in double, in reverse clause order (its list of sub-scorers is
///   built by prepending), and rounds the sum to float; a multi-field query sums its fields' floats the same way;
/// - documents are scored in windows of 2,048, as BooleanScorer does, so memory does not grow with the index.
/// </summary>
internal sealed class BagOfWordsScorer(IndexReader reader) : IDisposable
{
    private const int WindowSize = 1 << 11;
    private const int WindowMask = WindowSize - 1;

    private readonly ThreadLocal<Scratch> scratch = new(() => new Scratch(reader.Leaves.Count));
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lucene.Net.Search.CollectionStatistics> fieldStatistics = new(StringComparer.Ordinal);

    /// <summary>Scores every matching document with the similarity's parameters and hands it to the collector.</summary>
    public void Score(IReadOnlyList<FieldBag> bags, Lucene9Bm25Similarity similarity, TopScoreThenIdCollector collector)
    {
        var state = scratch.Value!;
        var fieldCount = bags.Count;
        // Per field and term: its weight, and per leaf its postings.
        var weights = new float[fieldCount][];
        var postings = new DocsEnum?[fieldCount][][];
        var leaves = reader.Leaves;
        for (var f = 0; f < fieldCount; f++)
        {
            var bag = bags[f];
            weights[f] = new float[bag.Terms.Length];
            postings[f] = new DocsEnum?[leaves.Count][];
            for (var l = 0; l < leaves.Count; l++) postings[f][l] = new DocsEnum?[bag.Terms.Length];
            var docCount = DocCount(bag.Field);
            for (var t = 0; t < bag.Terms.Length; t++)
            {
                var bytes = new BytesRef(bag.Terms[t]);
                var docFreq = 0;
                for (var l = 0; l < leaves.Count; l++)
                {
                    var terms = state.TermsOf(leaves[l], l, bag.Field);
                    if (terms is null || !terms.SeekExact(bytes)) continue;
                    docFreq += terms.DocFreq;
                    postings[f][l][t] = state.Postings(l, f, t, terms, leaves[l].AtomicReader.LiveDocs);
                }
                if (docFreq > 0)
                    weights[f][t] = Lucene9Bm25Similarity.TermWeight(bag.Counts[t], bag.Weight, Lucene9Bm25Similarity.Idf(docFreq, docCount));
            }
        }
        var inverses = bags.Select(bag => similarity.NormInverses(CollectionStatistics(bag.Field))).ToArray();
        for (var l = 0; l < leaves.Count; l++) ScoreLeaf(leaves[l], bags, weights, inverses, postings, l, state, collector);
    }

    private static void ScoreLeaf(AtomicReaderContext leaf, IReadOnlyList<FieldBag> bags, float[][] weights, float[][] inverses, DocsEnum?[][][] postings, int l,
                                  Scratch state, TopScoreThenIdCollector collector)
    {
        var fieldCount = bags.Count;
        var norms = new NumericDocValues?[fieldCount];
        var current = new int[fieldCount][];
        var next = DocIdSetIterator.NO_MORE_DOCS;
        for (var f = 0; f < fieldCount; f++)
        {
            norms[f] = leaf.AtomicReader.GetNormValues(bags[f].Field);
            current[f] = new int[bags[f].Terms.Length];
            for (var t = 0; t < current[f].Length; t++)
            {
                current[f][t] = postings[f][l][t]?.NextDoc() ?? DocIdSetIterator.NO_MORE_DOCS;
                next = Math.Min(next, current[f][t]);
            }
        }
        while (next != DocIdSetIterator.NO_MORE_DOCS)
        {
            var end = (next & ~WindowMask) + WindowSize;
            var documents = 0;
            for (var f = fieldCount - 1; f >= 0; f--)
            {
                var terms = 0;
                for (var t = current[f].Length - 1; t >= 0; t--)
                {
                    var doc = current[f][t];
                    if (doc >= end) continue;
                    var docs = postings[f][l][t]!;
                    var weight = weights[f][t];
                    do
                    {
                        var normInverse = inverses[f][norms[f] is { } n ? (int)(n.Get(doc) & 0xFF) : 1];
                        var score = Lucene9Bm25Similarity.TermScore(weight, docs.Freq, normInverse);
                        var slot = doc & WindowMask;
                        if (state.TermDoc[slot] != doc)
                        {
                            state.TermDoc[slot] = doc;
                            state.TermSum[slot] = score;
                            state.TermSlots[terms++] = slot;
                        }
                        else state.TermSum[slot] += score;
                        doc = docs.NextDoc();
                    }
                    while (doc < end);
                    current[f][t] = doc;
                }
                // The field's sum, rounded to float, joins the query's: as the outer BooleanScorer adds its fields' scores.
                for (var i = 0; i < terms; i++)
                {
                    var slot = state.TermSlots[i];
                    var doc = state.TermDoc[slot];
                    var fieldScore = (float)state.TermSum[slot];
                    state.TermDoc[slot] = -1;
                    if (state.QueryDoc[slot] != doc)
                    {
                        state.QueryDoc[slot] = doc;
                        state.QuerySum[slot] = fieldScore;
                        state.QuerySlots[documents++] = slot;
                    }
                    else state.QuerySum[slot] += fieldScore;
                }
            }
            for (var i = 0; i < documents; i++)
            {
                var slot = state.QuerySlots[i];
                collector.Collect(leaf.DocBase + state.QueryDoc[slot], (float)state.QuerySum[slot]);
                state.QueryDoc[slot] = -1;
            }
            next = DocIdSetIterator.NO_MORE_DOCS;
            foreach (var docs in current)
                foreach (var doc in docs)
                    next = Math.Min(next, doc);
        }
    }

    /// <summary>The field's document count as IndexSearcher.CollectionStatistics gives it to the similarity.</summary>
    private long DocCount(string field)
    {
        var statistics = CollectionStatistics(field);
        return statistics.DocCount > 0 ? statistics.DocCount : statistics.MaxDoc;
    }

    /// <summary>A field's statistics, read once: the reader never changes.</summary>
    private Lucene.Net.Search.CollectionStatistics CollectionStatistics(string field) =>
        fieldStatistics.GetOrAdd(field, f => new IndexSearcher(reader).CollectionStatistics(f));

    public void Dispose() => scratch.Dispose();

    /// <summary>One thread's reusable state: accumulators for a window, and per leaf its terms enumerators and postings.</summary>
    private sealed class Scratch(int leafCount)
    {
        public readonly int[] TermDoc = Filled(WindowSize, -1);
        public readonly double[] TermSum = new double[WindowSize];
        public readonly int[] TermSlots = new int[WindowSize];
        public readonly int[] QueryDoc = Filled(WindowSize, -1);
        public readonly double[] QuerySum = new double[WindowSize];
        public readonly int[] QuerySlots = new int[WindowSize];
        private readonly Dictionary<string, TermsEnum?>[] termsByLeaf = Enumerable.Range(0, leafCount).Select(_ => new Dictionary<string, TermsEnum?>(StringComparer.Ordinal)).ToArray();
        private readonly List<List<DocsEnum?>>[] postingsByLeaf = Enumerable.Range(0, leafCount).Select(_ => new List<List<DocsEnum?>>()).ToArray();

        private static int[] Filled(int length, int value)
        {
            var array = new int[length];
            Array.Fill(array, value);
            return array;
        }

        /// <summary>The leaf's terms enumerator for a field (null when the leaf has no such field), made once per thread.</summary>
        public TermsEnum? TermsOf(AtomicReaderContext leaf, int l, string field)
        {
            if (!termsByLeaf[l].TryGetValue(field, out var terms))
                termsByLeaf[l][field] = terms = leaf.AtomicReader.Fields?.GetTerms(field)?.GetEnumerator();
            return terms;
        }

        /// <summary>Postings of the term the enumerator is on, reusing the postings this thread read for the same place (field f, term t) before.</summary>
        public DocsEnum Postings(int l, int f, int t, TermsEnum terms, IBits? liveDocs)
        {
            var byField = postingsByLeaf[l];
            while (byField.Count <= f) byField.Add([]);
            var pool = byField[f];
            while (pool.Count <= t) pool.Add(null);
            return pool[t] = terms.Docs(liveDocs, pool[t]);
        }
    }
}
