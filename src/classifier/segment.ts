/**
 * Splits a message into the parts that may each hold a need: sentences, and clauses joined by "og jeg",
 * "og så", "and also" … as people chain requests ("Mit MitID virker ikke, og jeg har også en regning").
 * Spoken transcripts have no punctuation, so the joiners matter as much as the full stops.
 */
const sentenceEnd = /(?<=[.?!;:])\s+|\n+/u;
const clauseJoiner =
  /,?\s+(?:og|men|samt|plus|and|but)\s+(?=(?:jeg|så|også|min|mit|mine|vi|vores|hvad|hvornår|hvordan|hvorfor|kan|vil|skal|har|der|i|i'm|my|can|also|what|how|when)(?![\p{L}\p{N}]))|,\s+(?=(?:og|and)\s)|\s+(?:og|and)\s+(?:derudover|desuden|also)\s+/iu;

export function splitSegments(text: string): string[] {
  return text
    .split(sentenceEnd)
    .flatMap((sentence) => sentence.split(clauseJoiner))
    .map((part) => part.trim())
    .filter((part) => /[\p{L}\p{N}]/u.test(part));
}
