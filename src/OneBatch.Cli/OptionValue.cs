using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace OneBatch.Cli;

/// <summary>
/// The one way every option's value is read, set as the option's <c>CustomParser</c>: numbers strictly and the same
/// way in every culture (<c>1,5</c> is not fifteen), file names never empty, and never another option taken for a
/// value (<c>--x --y y.npy</c>). What is wrong is a parse error naming the option and the value, which
/// <see cref="OneBatchCli"/> reports as exit 2 before anything runs.
/// </summary>
internal static class OptionValue
{
    /// <summary>For an <c>Option&lt;float?&gt;</c>: a number such as <c>0.001</c>, <c>1e-3</c> or <c>-1</c>.</summary>
    public static float? OptionalFloat(ArgumentResult result) => Float(result);

    /// <summary>For an <c>Option&lt;float&gt;</c>: a number such as <c>0.001</c>, <c>1e-3</c> or <c>-1</c>.</summary>
    public static float Float(ArgumentResult result)
    {
        string value = Single(result);
        if (float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float number))
        {
            return number;
        }

        if (!IsOption(result, value, "a number"))
        {
            result.AddError($"{Name(result)} must be a number written with a point for decimals and no thousands separators (such as 0.001 or 1e-3); got '{value}'.");
        }

        return 0f;
    }

    /// <summary>For an <c>Option&lt;int&gt;</c>: a whole number such as <c>5000</c> or <c>-1</c>.</summary>
    public static int Int(ArgumentResult result)
    {
        string value = Single(result);
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int number))
        {
            return number;
        }

        if (BigInteger.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{Name(result)} must be a whole number from {int.MinValue} to {int.MaxValue}; got '{value}'."));
        }
        else if (!IsOption(result, value, "a number"))
        {
            result.AddError($"{Name(result)} must be a whole number written without separators (such as 5000); got '{value}'.");
        }

        return 0;
    }

    /// <summary>For an <c>Option&lt;string?&gt;</c> naming a file to read or write.</summary>
    public static string? FileName(ArgumentResult result)
    {
        string value = Single(result);
        if (IsOption(result, value, "a file name"))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            result.AddError($"{Name(result)}: the file name is empty.");
            return null;
        }

        // On Linux and macOS .NET decodes each argument as UTF-8 and puts U+FFFD in place of bytes that are not: the
        // file the user named then cannot be opened by any name .NET can give, and is reported as such rather than as
        // missing. A name holding U+FFFD itself (the valid bytes EF BF BD) still opens.
        if (value.Contains('\uFFFD', StringComparison.Ordinal) && !File.Exists(value) && !Directory.Exists(value))
        {
            result.AddError($"{Name(result)}: the file name is not valid UTF-8 ('{value}'), so it cannot be opened; rename the file.");
            return null;
        }

        return value;
    }

    /// <summary>For an <c>Option&lt;string&gt;</c> or <c>Option&lt;string?&gt;</c> holding a name or a list (<c>--optimizer adam</c>, <c>--lrs 1e-5:1:7</c>).</summary>
    public static string? Text(ArgumentResult result)
    {
        string value = Single(result);
        return IsOption(result, value, "a value") ? null : value;
    }

    // Options take exactly one token (their arity), so there is one.
    private static string Single(ArgumentResult result) => result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(' ', result.Tokens.Select(t => t.Value));

    private static string Name(ArgumentResult result) => result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;

    // The parser gives an option the next word as its value even when that word is an option itself: "--x --y y.npy"
    // reads '--y' as the inputs' file. A value starting with "--", or that is exactly an alias of an option of this
    // command or one above it ("-q", "-h"), is taken for an option the user meant to give. A number is never an
    // option: the callers try it as a number first, so "--seed -1" is a seed.
    private static bool IsOption(ArgumentResult result, string value, string expected)
    {
        if (!value.StartsWith("--", StringComparison.Ordinal) && !(value.StartsWith('-') && Aliases(result).Contains(value)))
        {
            return false;
        }

        string name = Name(result);
        result.AddError($"{name} expects {expected} but got '{value}', which is an option; give {name} its value.");
        return true;
    }

    private static HashSet<string> Aliases(ArgumentResult result)
    {
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        for (var symbol = result.Parent; symbol is not null; symbol = symbol.Parent)
        {
            if (symbol is CommandResult command)
            {
                foreach (Option option in command.Command.Options)
                {
                    aliases.Add(option.Name);
                    aliases.UnionWith(option.Aliases);
                }
            }
        }

        return aliases;
    }
}
