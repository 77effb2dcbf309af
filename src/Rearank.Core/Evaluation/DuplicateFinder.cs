namespace Rearank.Core.Evaluation;

/// <summary>
/// Finds a document id that occurs twice in one query's ranking with a small open-addressing table over the id
/// bytes, one table per thread and reused, so checking a million documents allocates nothing.
/// </summary>
internal sealed class DuplicateFinder
{
    [ThreadStatic] private static DuplicateFinder? perThread;
    private int[] slots = new int[2048];

    public static DuplicateFinder ForThisThread() => perThread ??= new DuplicateFinder();

    /// <summary>The index of the second occurrence of some id, or -1 when all differ.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int Find(ReadOnlySpan<ScoredDocument> documents, byte[] ids)
    {
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, documents.Length * 2));
        if (slots.Length < size) slots = new int[size];
        var table = slots.AsSpan(0, size);
        table.Clear();
        var mask = size - 1;
        for (var i = 0; i < documents.Length; i++)
        {
            var id = ids.AsSpan(documents[i].Start, documents[i].Length);
            var hash = new HashCode();
            hash.AddBytes(id);
            var slot = hash.ToHashCode() & mask;
            while (table[slot] != 0)
            {
                var other = documents[table[slot] - 1];
                if (id.SequenceEqual(ids.AsSpan(other.Start, other.Length))) return i;
                slot = (slot + 1) & mask;
            }
            table[slot] = i + 1;
        }
        return -1;
    }
}
