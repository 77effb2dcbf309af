namespace Rearank.Core.IO;

/// <summary>
/// What a reader does with a record it cannot read. Null (the default everywhere) means throw; a handler lets
/// the caller report the record and carry on with the next one, which is how the cmdlets keep a long import going.
/// </summary>
public delegate void MalformedRecordHandler(MalformedRecordException error);

internal static class MalformedRecords
{
    /// <summary>Throws when no handler was given, otherwise hands the error over and lets the reader skip the record.</summary>
    public static void Report(this MalformedRecordHandler? handler, MalformedRecordException error)
    {
        if (handler is null) throw error;
        handler(error);
    }
}
