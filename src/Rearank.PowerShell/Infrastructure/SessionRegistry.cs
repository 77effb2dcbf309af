using Rearank.Core.Inference;

namespace Rearank.PowerShell.Infrastructure;

/// <summary>
/// The model sessions open in this process. A script loads its weights once and every cmdlet that needs the model
/// uses the most recently opened session unless given -Session; sessions are shared across runspaces, like the
/// weights they hold.
/// </summary>
internal static class SessionRegistry
{
    private static readonly List<LlamaSession> Sessions = [];
    private static readonly Lock Gate = new();

    public static void Add(LlamaSession session)
    {
        lock (Gate) Sessions.Add(session);
    }

    public static LlamaSession? Default
    {
        get { lock (Gate) return Sessions.LastOrDefault(); }
    }

    public static IReadOnlyList<LlamaSession> All
    {
        get { lock (Gate) return Sessions.ToList(); }
    }

    public static bool Remove(LlamaSession session)
    {
        lock (Gate) return Sessions.Remove(session);
    }
}
