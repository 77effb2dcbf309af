using System.Reflection;
using System.Runtime.Loader;

namespace Rearank.Loader;

/// <summary>
/// The module's own load context: Rearank.Core and every library it uses (LLamaSharp, Lucene.Net, the OpenAI SDK,
/// System.ClientModel, Polly, Parquet.Net, CsvHelper, ...) load from the module's Dependencies folder into it, so
/// another module in the same session that brings other versions of them (Azure modules bring their own
/// System.ClientModel) breaks neither. The framework and PowerShell come from the default context, shared.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    /// <summary>Where build.ps1 puts everything but the loader and the cmdlet assembly: the Dependencies folder beside them.</summary>
    public static readonly string Folder =
        Path.Combine(Path.GetDirectoryName(typeof(DependencyLoadContext).Assembly.Location) ?? AppContext.BaseDirectory, "Dependencies");

    public static readonly DependencyLoadContext Instance = new();

    private DependencyLoadContext() : base("Rearank") { }

    /// <summary>True where the module carries the assembly itself (a development build without the folder carries nothing).</summary>
    public static bool Carries(AssemblyName name) => name.Name is { } simple && File.Exists(PathOf(simple));

    protected override Assembly? Load(AssemblyName name) =>
        Carries(name) ? LoadFromAssemblyPath(PathOf(name.Name!)) : null;   // null: the default context's (framework, PowerShell)

    private static string PathOf(string simpleName) => Path.Combine(Folder, simpleName + ".dll");
}
