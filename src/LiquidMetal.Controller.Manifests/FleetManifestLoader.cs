using System.Text.RegularExpressions;
using LiquidMetal.Controller.Core.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LiquidMetal.Controller.Manifests;

/// <summary>
/// Loads fleet manifests (multi-document YAML files) into a validated <see cref="Core.Model.Fleet"/>. Reports
/// every error at once: YAML syntax, unknown apiVersion/kind, unknown fields, wrong types, then the model's
/// validation (ranges, names, references), each as <c>file: document N (Kind name): field.path: message</c>.
/// </summary>
public static partial class FleetManifestLoader
{
    /// <summary>Every <c>*.yaml</c> and <c>*.yml</c> below <paramref name="directory"/>, in ordinal order of their relative paths.</summary>
    public static ManifestLoadResult LoadDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new ManifestException(ManifestErrorCode.DirectoryNotFound,
                $"manifest directory {directory} does not exist; give the folder that holds the fleet's *.yaml files");
        }

        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(relative => new ManifestFile(Path.Join(directory, relative), Read(Path.Join(directory, relative))))
            .ToList();
        return Load(files);
    }

    public static ManifestLoadResult Load(IEnumerable<ManifestFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var objects = new List<ManifestObject>();
        var structural = new List<ManifestError>();
        foreach (var file in files)
        {
            LoadFile(file, objects, structural);
        }

        var validation = FleetValidator.Validate(objects);

        // A field the reader already found broken (e.g. not an integer) is not reported again by the validator.
        var semantic = validation.Errors.Where(e => !structural.Any(s => SameDocument(s, e) && IsUnder(e.Field, s.Field)));
        var errors = structural.Concat(semantic).ToList();
        return new ManifestLoadResult(errors.Count == 0 ? validation.Fleet : null, errors);
    }

    private static void LoadFile(ManifestFile file, List<ManifestObject> objects, List<ManifestError> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(file.Content));
        }
        catch (YamlException e)
        {
            var document = 1 + file.Content.Split('\n').Take((int)e.Start.Line - 1).Count(line => line.StartsWith("---", StringComparison.Ordinal));
            errors.Add(new ManifestError(new ManifestLocation(file.Path, document), "",
                $"line {e.Start.Line}, column {e.Start.Column}: {Describe(e)}"));
            return;
        }

        for (var i = 0; i < stream.Documents.Count; i++)
        {
            var root = stream.Documents[i].RootNode;
            if (root is YamlScalarNode { Value: null or "" })
            {
                continue;
            }

            var yaml = new YamlFields();
            var item = ObjectReader.Read(yaml, root, out var kind, out var name);
            var location = new ManifestLocation(file.Path, i + 1, kind, kind is null ? null : name);
            errors.AddRange(yaml.Errors.Select(e => new ManifestError(location, e.Field, e.Message)));
            if (item is not null)
            {
                objects.Add(new ManifestObject(location, item));
            }
        }
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException(ManifestErrorCode.Unreadable, $"cannot read manifest {path}: {e.Message}", e);
        }
    }

    private static bool SameDocument(ManifestError a, ManifestError b) =>
        a.Location.File == b.Location.File && a.Location.Document == b.Location.Document;

    private static bool IsUnder(string field, string parent) =>
        parent.Length == 0 || field == parent || field.StartsWith(parent + ".", StringComparison.Ordinal) || field.StartsWith(parent + "[", StringComparison.Ordinal);

    private static string Describe(YamlException e)
    {
        var message = MarkPrefix().Replace(e.Message, "");
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : "invalid YAML";
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
