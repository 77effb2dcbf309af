namespace Rearank.Core.Model;

/// <summary>
/// One line of trec_eval's preference judgments (-R prefs: 'qid jg jsg docno rel_level'): within a judgment group's
/// subgroup, a document at a higher level is preferred to every document at a lower one. Plain qrels read as
/// preferences (-R qrels_prefs) have the qrels' second column as the group and one subgroup, "0".
/// </summary>
public sealed record PreferenceJudgment(string QueryId, string Group, string SubGroup, string DocId, double Level);
