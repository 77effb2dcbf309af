using Rearank.Core.Reranking;

namespace Rearank.PowerShell.Infrastructure;

/// <summary>
/// The model sessions open in this process. A script loads its weights once and every cmdlet that needs the model
/// uses the most recently opened session unless given -Session; sessions are shared across runspaces, like the
/// weights they hold.
/// </summary>
internal static class SessionRegistry
{
    private static readonly List<IRerankSession> Sessions = [];
    private static readonly Lock Gate = new();

    public static void Add(IRerankSession session)
    {
        lock (Gate) Sessions.Add(session);
    }

    public static IRerankSession? Default
    {
        get { lock (Gate) return Sessions.LastOrDefault(); }
    }

    public static IReadOnlyList<IRerankSession> All
    {
        get { lock (Gate) return Sessions.ToList(); }
    }

    public static bool Remove(IRerankSession session)
    {
        lock (Gate) return Sessions.Remove(session);
    }
}
