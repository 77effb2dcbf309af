using Rearank.PowerShell.Bases;
using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;
using Rearank.Core.Reranking;

namespace Rearank.PowerShell.Sessions;

/// <summary>
/// The model sessions opened in each runspace. A script loads its weights once and every cmdlet that needs the model
/// uses the most recently opened session of its own runspace unless given -Session; a session object can still be
/// handed to other runspaces (jobs, parallel loops) with -Session, since one loaded model serves many callers.
/// Keeping the default per runspace means two scripts in one process never close or use each other's model.
/// </summary>
internal static class SessionRegistry
{
    private static readonly ConcurrentDictionary<Guid, List<IRerankSession>> Sessions = new();

    private static List<IRerankSession> Current => Sessions.GetOrAdd(Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty, _ => []);

    public static void Add(IRerankSession session)
    {
        var list = Current;
        lock (list) list.Add(session);
    }

    public static IRerankSession? Default
    {
        get
        {
            var list = Current;
            lock (list) return list.LastOrDefault();
        }
    }

    public static IReadOnlyList<IRerankSession> All
    {
        get
        {
            var list = Current;
            lock (list) return list.ToList();
        }
    }

    /// <summary>
    /// Each open session of this runspace with the name completion offers: its description, and where two sessions
    /// share one (the same model opened twice), " #2", " #3" in the order they were opened.
    /// </summary>
    public static IReadOnlyList<(IRerankSession Session, string Name)> Named
    {
        get
        {
            var named = new List<(IRerankSession, string)>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var session in All)
            {
                var count = seen[session.Description] = seen.GetValueOrDefault(session.Description) + 1;
                named.Add((session, count == 1 ? session.Description : $"{session.Description} #{count}"));
            }
            return named;
        }
    }

    public static bool Remove(IRerankSession session)
    {
        var removed = false;
        foreach (var list in Sessions.Values)
            lock (list) removed |= list.Remove(session);
        return removed;
    }
}
