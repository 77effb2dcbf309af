namespace Rearank.Tests.Shared;

/// <summary>The folder holding Rearank.PowerShell.sln, found by walking up from the test binaries.</summary>
public static class RepositoryRoot
{
    public static readonly string Path = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Rearank.PowerShell.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (Rearank.PowerShell.sln) above the test folder.");
    }
}

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
        var data = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, "..", "shared", "data"));
        return Directory.Exists(data) ? data : null;
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

/// <summary>A theory that runs only where ../shared/data exists.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (SharedData.Root is null) Skip = "../shared/data is absent next to the repository: the public test collections are not here.";
    }
}
