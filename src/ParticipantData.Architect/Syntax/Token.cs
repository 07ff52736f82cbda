namespace ParticipantData.Architect.Syntax;

internal enum TokenKind
{
    End,
    Identifier,
    String,
    Integer,
    Decimal,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Dot,
    Bang,
    EqualEqual,
    BangEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
}

// Kind: What the token is.
// Offset: 0-based start in the source.
// Text: The source text of the token.
// StringValue: For a string literal, its value with escapes resolved.
internal readonly record struct Token(TokenKind Kind, int Offset, string Text, string? StringValue = null)
{
    public bool IsWord(string word) =>
        Kind == TokenKind.Identifier && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    /// <summary>How a message names the token: <c>'+'</c>, <c>the name 'Flow'</c>, <c>the end of the expression</c>.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "the end of the expression",
        TokenKind.Identifier => $"'{Text}'",
        TokenKind.String => $"the string {Text}",
        TokenKind.Integer or TokenKind.Decimal => $"the number {Text}",
        _ => $"'{Text}'",
    };
}
