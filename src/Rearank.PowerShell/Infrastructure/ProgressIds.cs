namespace Rearank.PowerShell.Infrastructure;

/// <summary>Stable Write-Progress activity ids, so nested commands in one pipeline do not overwrite each other's bars.</summary>
internal static class ProgressIds
{
    public const int Import = 7301;
    public const int Export = 7302;
}
