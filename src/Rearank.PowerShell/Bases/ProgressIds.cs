namespace Rearank.PowerShell.Bases;

/// <summary>Stable Write-Progress activity ids, so nested commands in one pipeline do not overwrite each other's bars.</summary>
internal static class ProgressIds
{
    public const int Import = 7301;
    public const int Index = 7303;
    public const int Search = 7304;
    public const int Rerank = 7305;
    public const int Suite = 7306;
    public const int SuiteQueries = 7307;
    public const int Rollout = 7308;
    public const int Load = 7309;
    public const int Report = 7310;
    public const int TrainingSet = 7311;
}
