namespace Rearank.PowerShell.Infrastructure;

/// <summary>
/// The FullyQualifiedErrorId stems the cmdlets write, as constants (PSResourceGet's habit): scripts match on them
/// ($error[0].FullyQualifiedErrorId -like 'PathNotFound,*'), so they must not drift.
/// </summary>
public static class ErrorIds
{
    public const string PathNotFound = "PathNotFound";
    public const string FileExists = "FileExists";
    public const string MalformedRecord = "MalformedRecord";
}
