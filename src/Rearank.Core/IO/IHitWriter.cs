using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>A destination for hits in some file format; the export cmdlets drive any of them the same way.</summary>
public interface IHitWriter : IDisposable
{
    void Write(RankedHit hit);

    /// <summary>Pushes every finished query to the file, so an interrupted export keeps them.</summary>
    void Flush();

    /// <summary>The input is over: the last query is finished too and goes to the file. Without it, a writer
    /// over <see cref="CommittedFileStream"/> drops the query it was in the middle of when it is disposed.</summary>
    void Complete();
}
