namespace Rearank.Core.Model;

/// <summary>What Export-RearankTrainingSet wrote: the folder, and rows and queries per split.</summary>
public sealed record TrainingSetSummary(string Path, int TrainRows, int TrainQueries, int ValidationRows, int ValidationQueries, int SkippedQueries);
