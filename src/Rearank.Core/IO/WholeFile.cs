namespace Rearank.Core.IO;

/// <summary>
/// A file written beside its final name and moved there when complete, so a reader (the next run, a report, `tail`)
/// never sees it half written, and an interrupted write leaves the old file or none, never a cut one.
/// </summary>
public static class WholeFile
{
    public static void Write(string path, Action<TextWriter> write)
    {
        var temporary = path + ".partial";
        using (var text = TextFile.CreateText(temporary)) write(text);
        File.Move(temporary, path, overwrite: true);
    }
}
