using System.Globalization;
using OneBatch.Tensors;

namespace OneBatch.IO.Data;

/// <summary>A table of numbers read from a CSV file, with its column names when the file has a header row.</summary>
public sealed record CsvTable(Tensor Values, IReadOnlyList<string>? Header);

/// <summary>
/// Reads a comma-separated file of numbers into a <c>[rows, columns]</c> tensor. The first row is a header when none
/// of its fields is a number (some but not all is a typo, refused). Blank lines are skipped; fields may be quoted.
/// </summary>
public static class CsvReader
{
    public static CsvTable Read(string path)
    {
        byte[] bytes = InputFile.ReadAllBytes(path);
        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            throw new InputException($"'{path}' is not a text file (it is not valid UTF-8).", e);
        }

        var rows = new List<string[]>();
        var lineNumbers = new List<int>();
        int lineNumber = 0;
        foreach (string raw in text.TrimStart('\uFEFF').Split('\n'))
        {
            lineNumber++;
            string line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            rows.Add(line.Split(',').Select(f => f.Trim().Trim('"').Trim()).ToArray());
            lineNumbers.Add(lineNumber);
        }

        if (rows.Count == 0)
        {
            throw new InputException($"'{path}' is empty.");
        }

        IReadOnlyList<string>? header = null;
        int first = 0;
        int numbers = rows[0].Count(f => TryParse(f, out _));
        if (numbers == 0)
        {
            header = rows[0];
            first = 1;
        }
        else if (numbers < rows[0].Length)
        {
            int c = Array.FindIndex(rows[0], f => !TryParse(f, out _));
            throw new InputException(
                $"'{path}' line {lineNumbers[0]}, column {c + 1}: '{rows[0][c]}' is not a number, yet the row's other fields are, so this first row is neither a header of names nor a row of numbers.");
        }

        int columns = rows[0].Length;
        int count = rows.Count - first;
        var values = new float[count * columns];
        for (int r = first; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Length != columns)
            {
                throw new InputException($"'{path}' line {lineNumbers[r]} has {row.Length} fields; the first row has {columns}.");
            }

            for (int c = 0; c < columns; c++)
            {
                if (!TryParse(row[c], out float v))
                {
                    throw new InputException($"'{path}' line {lineNumbers[r]}, column {c + 1}: '{row[c]}' is not a number.");
                }

                values[((r - first) * columns) + c] = v;
            }
        }

        return new CsvTable(new Tensor(new Shape(count, columns), values), header);
    }

    private static bool TryParse(string field, out float value) =>
        float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
