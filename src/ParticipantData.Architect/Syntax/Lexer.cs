using System.Text;

namespace ParticipantData.Architect.Syntax;

/// <summary>Splits expression text into tokens; reports the first lexical error with its position.</summary>
internal sealed class Lexer
{
    private readonly string _text;
    private int _pos;

    private Lexer(string text) => _text = text;

    public static List<Token> Tokenize(string text, List<ArchitectDiagnostic> diagnostics)
    {
        var lexer = new Lexer(text);
        var tokens = new List<Token>();
        while (true)
        {
            if (!lexer.TryNext(out var token, out var error))
            {
                diagnostics.Add(error!);
                return tokens;
            }

            tokens.Add(token);
            if (token.Kind == TokenKind.End)
            {
                return tokens;
            }
        }
    }

    private ArchitectDiagnostic Error(int offset, string message) => new(_text, offset, message);

    private bool TryNext(out Token token, out ArchitectDiagnostic? error)
    {
        error = null;
        // Spaces and newlines are seen between tokens in exported flows; tabs and CR are accepted too.
        while (_pos < _text.Length && _text[_pos] is ' ' or '\n' or '\r' or '\t')
        {
            _pos++;
        }

        var start = _pos;
        if (_pos >= _text.Length)
        {
            token = new Token(TokenKind.End, start, "");
            return true;
        }

        var c = _text[_pos];
        // After "name." a digit starts a (malformed) name, not a number, so the parser can say what is wrong with it.
        var afterDot = start >= 2 && _text[start - 1] == '.' && (char.IsAsciiLetterOrDigit(_text[start - 2]) || _text[start - 2] is '_' or ')' or ']');
        if (char.IsAsciiLetter(c) || c == '_' || (afterDot && char.IsAsciiDigit(c)))
        {
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
            {
                _pos++;
            }

            token = new Token(TokenKind.Identifier, start, _text[start.._pos]);
            return true;
        }

        if (char.IsAsciiDigit(c))
        {
            return LexNumber(start, out token, out error);
        }

        if (c == '"')
        {
            return LexString(start, out token, out error);
        }

        _pos++;
        var next = _pos < _text.Length ? _text[_pos] : '\0';
        TokenKind? kind = c switch
        {
            '(' => TokenKind.LeftParen,
            ')' => TokenKind.RightParen,
            '[' => TokenKind.LeftBracket,
            ']' => TokenKind.RightBracket,
            ',' => TokenKind.Comma,
            '.' => TokenKind.Dot,
            '+' => TokenKind.Plus,
            '-' => TokenKind.Minus,
            '*' => TokenKind.Star,
            '/' => TokenKind.Slash,
            '%' => TokenKind.Percent,
            '!' when next == '=' => TokenKind.BangEqual,
            '!' => TokenKind.Bang,
            '=' when next == '=' => TokenKind.EqualEqual,
            '<' when next == '=' => TokenKind.LessEqual,
            '<' when next == '>' => null,
            '<' => TokenKind.Less,
            '>' when next == '=' => TokenKind.GreaterEqual,
            '>' => TokenKind.Greater,
            _ => null,
        };

        if (kind is { } k)
        {
            if (k is TokenKind.BangEqual or TokenKind.EqualEqual or TokenKind.LessEqual or TokenKind.GreaterEqual)
            {
                _pos++;
            }

            token = new Token(k, start, _text[start.._pos]);
            return true;
        }

        token = default;
        error = Error(start, c switch
        {
            '=' => "expected '==' for comparison ('=' alone is not an operator in expressions)",
            '<' => "expected '!=' for 'not equal' ('<>' is not an Architect operator)",
            '&' => "expected 'and' ('&&' and '&' are not Architect operators)",
            '|' => "expected 'or' ('||' and '|' are not Architect operators)",
            '\'' => "expected a string in double quotes (single quotes do not delimit strings)",
            '\u201C' or '\u201D' => "expected a plain double quote '\"' (this is a typographic quote)",
            '{' when start + 1 < _text.Length && _text[start + 1] == '{' =>
                "'{{...}}' is template syntax (tutorials, data-action templates), not an Architect expression: read the attribute with Get Participant Data " +
                "into a variable and write the variable, e.g. {{participant.attributes.tier}} == \"gold\" becomes Flow.tier == \"gold\"",
            _ => $"unexpected character '{c}'",
        });
        return false;
    }

    private bool LexNumber(int start, out Token token, out ArchitectDiagnostic? error)
    {
        error = null;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        var kind = TokenKind.Integer;
        if (_pos < _text.Length && _text[_pos] == '.')
        {
            if (_pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1]))
            {
                _pos++;
                while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                {
                    _pos++;
                }

                kind = TokenKind.Decimal;
            }
            else
            {
                token = default;
                error = Error(_pos + 1, "expected a digit after the decimal point");
                return false;
            }
        }

        if (_pos < _text.Length && (char.IsAsciiLetter(_text[_pos]) || _text[_pos] == '_'))
        {
            token = default;
            error = Error(_pos, $"expected an operator, ',' or ')' after the number {_text[start.._pos]}, found '{_text[_pos]}'");
            return false;
        }

        token = new Token(kind, start, _text[start.._pos]);
        return true;
    }

    private bool LexString(int start, out Token token, out ArchitectDiagnostic? error)
    {
        error = null;
        var value = new StringBuilder();
        _pos++;
        while (true)
        {
            if (_pos >= _text.Length)
            {
                token = default;
                error = Error(start, "unterminated string: expected a closing '\"' (write \\\" for a quote inside a string)");
                return false;
            }

            var c = _text[_pos];
            if (c == '"')
            {
                _pos++;
                token = new Token(TokenKind.String, start, _text[start.._pos], value.ToString());
                return true;
            }

            if (c == '\\')
            {
                var escaped = _pos + 1 < _text.Length ? _text[_pos + 1] : '\0';
                char? resolved = escaped switch
                {
                    '"' => '"',
                    'n' => '\n',
                    '\\' => '\\',
                    't' => '\t',
                    _ => null,
                };
                if (resolved is null)
                {
                    token = default;
                    error = Error(_pos, escaped == '\0'
                        ? "unterminated string: a '\\' must be followed by '\"', 'n', 't' or '\\'"
                        : $"unknown escape '\\{escaped}' in a string: expected \\\", \\n, \\t or \\\\ (write \\\\ for a backslash)");
                    return false;
                }

                value.Append(resolved.Value);
                _pos += 2;
                continue;
            }

            value.Append(c);
            _pos++;
        }
    }
}
