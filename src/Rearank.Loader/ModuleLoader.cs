using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace Rearank.Loader;

/// <summary>
/// Runs when the manifest imports this nested module, before the cmdlet assembly: sends the cmdlet assembly's
/// requests for Rearank.Core to the module's own load context, where Rearank.Core finds its libraries, as
/// PSResourceGet does, and makes Rearank.Core's types reachable by name from scripts
/// ([Rearank.Core.Model.Document]::new(...)), which PowerShell otherwise looks up in the default context only.
/// </summary>
public sealed class ModuleLoader : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly object Gate = new();
    private static bool hooked;
    private static List<string> accelerators = [];

    private static void Hook()
    {
        lock (Gate)
        {
            if (hooked || !Directory.Exists(DependencyLoadContext.Folder)) return;
            AssemblyLoadContext.Default.Resolving += Resolve;
            hooked = true;
        }
    }

    public void OnImport()
    {
        Hook();
        AddTypeAccelerators();
    }

    public void OnRemove(PSModuleInfo module) => RemoveTypeAccelerators();

    /// <summary>
    /// Answers the default context for Rearank.Core only, the one library the cmdlet assembly names: Rearank.Core's
    /// own libraries are found by the module's context, and another module asking for a library of the same name
    /// (CsvHelper, say) must get its own copy, not the module's.
    /// </summary>
    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == "Rearank.Core" && DependencyLoadContext.Carries(name) ? DependencyLoadContext.Instance.LoadFromAssemblyName(name) : null;

    /// <summary>Every public type of Rearank.Core under its full name, unless the name is taken.</summary>
    private static void AddTypeAccelerators()
    {
        if (!hooked) return;   // a build without the Dependencies folder: Rearank.Core sits in the default context
        var core = DependencyLoadContext.Instance.LoadFromAssemblyName(new AssemblyName("Rearank.Core"));
        var table = AcceleratorTable();
        if (table is null) return;
        lock (Gate)
        {
            var existing = (IDictionary<string, Type>)table.GetProperty("Get")!.GetValue(null)!;
            var add = table.GetMethod("Add", [typeof(string), typeof(Type)])!;
            foreach (var type in core.GetExportedTypes())
            {
                var name = type.FullName;
                if (name is null || type.IsGenericTypeDefinition || existing.ContainsKey(name)) continue;
                add.Invoke(null, [name, type]);
                accelerators.Add(name);
            }
        }
    }

    private static void RemoveTypeAccelerators()
    {
        var table = AcceleratorTable();
        if (table is null) return;
        lock (Gate)
        {
            var remove = table.GetMethod("Remove", [typeof(string)])!;
            foreach (var name in accelerators) remove.Invoke(null, [name]);
            accelerators = [];
        }
    }

    /// <summary>PowerShell's type accelerator table ([psobject], [pscustomobject], ...), not public API but stable since 3.0.</summary>
    private static Type? AcceleratorTable() => typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");
}
