namespace Rearank.Core.Tests.Support;

/// <summary>
/// The public test collections in ../shared/data beside the repository. Tests that need them are skipped, with
/// the reason shown in the test output, where that folder is absent (a clone without the workspace around it).
/// </summary>
public static class SharedData
{
    public static readonly string? Root = Find();

    public static string PathOf(string relative) =>
        Path.Combine(Root ?? throw new InvalidOperationException("shared data is absent"), relative);

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Rearank.PowerShell.sln"))) continue;
            var data = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            return Directory.Exists(data) ? data : null;
        }
        return null;
    }
}

/// <summary>A fact that runs only where ../shared/data exists.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Root is null) Skip = "../shared/data is absent next to the repository: the public test collections are not here.";
    }
}
