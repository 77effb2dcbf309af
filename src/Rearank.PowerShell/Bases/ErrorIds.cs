namespace Rearank.PowerShell.Bases;

/// <summary>
/// The FullyQualifiedErrorId stems the cmdlets write, as constants (PSResourceGet's habit): scripts match on them
/// ($error[0].FullyQualifiedErrorId -like 'PathNotFound,*'), so they must not drift.
/// </summary>
public static class ErrorIds
{
    public const string PathNotFound = "PathNotFound";
    public const string FileExists = "FileExists";
    public const string MalformedRecord = "MalformedRecord";
    public const string AnswerBudgetTooSmall = "AnswerBudgetTooSmall";
    public const string DuplicateJudgment = "DuplicateJudgment";
    public const string EmptyQrels = "EmptyQrels";
    public const string FileCreateFailed = "FileCreateFailed";
    public const string FileLocked = "FileLocked";
    public const string FileReadFailed = "FileReadFailed";
    public const string FileWriteFailed = "FileWriteFailed";
    public const string IndexCreateFailed = "IndexCreateFailed";
    public const string IndexNotFound = "IndexNotFound";
    public const string IndexUnreadable = "IndexUnreadable";
    public const string IndexingFailed = "IndexingFailed";
    public const string InvalidEndpoint = "InvalidEndpoint";
    public const string InvalidField = "InvalidField";
    public const string InvalidFusion = "InvalidFusion";
    public const string InvalidHit = "InvalidHit";
    public const string InvalidQrels = "InvalidQrels";
    public const string InvalidQuery = "InvalidQuery";
    public const string InvalidReply = "InvalidReply";
    public const string InvalidTokenizer = "InvalidTokenizer";
    public const string InsufficientMemory = "InsufficientMemory";
    public const string NativeLibraryMismatch = "NativeLibraryMismatch";
    public const string InvalidRun = "InvalidRun";
    public const string ModelLoadFailed = "ModelLoadFailed";
    public const string ModelNotFound = "ModelNotFound";
    public const string NoQueryText = "NoQueryText";
    public const string NoRun = "NoRun";
    public const string EmptyRun = "EmptyRun";
    public const string UnknownTableFormat = "UnknownTableFormat";
    public const string NoSession = "NoSession";
    public const string NotOneRun = "NotOneRun";
    public const string NothingReranked = "NothingReranked";
    public const string RerankFailed = "RerankFailed";
    public const string RootNotFound = "RootNotFound";
    public const string ServersUnreachable = "ServersUnreachable";
    public const string SessionClosed = "SessionClosed";
    public const string SeveralQueries = "SeveralQueries";
    public const string SeveralResumeFiles = "SeveralResumeFiles";
    public const string UnknownDataset = "UnknownDataset";
    public const string UnknownLayout = "UnknownLayout";
    public const string UnknownMeasure = "UnknownMeasure";
    public const string MeasureNeedsPlainQrels = "MeasureNeedsPlainQrels";
    public const string InvalidZScores = "InvalidZScores";
    public const string WindowsFailed = "WindowsFailed";
    public const string NoScorableQuery = "NoScorableQuery";
    public const string UnknownTemplate = "UnknownTemplate";
    public const string InvalidTemplate = "InvalidTemplate";
    public const string TemplateNotForMethod = "TemplateNotForMethod";
    public const string LogprobsUnavailable = "LogprobsUnavailable";
}
