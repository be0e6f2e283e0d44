"""Input errors (PS1xx) and graph warnings (PS2xx).

They are raised by the language front ends (pipespec.language) and the graph checks (pipespec.analysis.graph);
their records live here so that ``pipespec rules`` and ``pipespec explain`` cover them too.  None of them can be
disabled or waived: a file that cannot be read cannot be judged.
"""

from __future__ import annotations

from pipespec.analysis.rules.examples import ct_model, pipeline
from pipespec.analysis.rules.record import Rule

_LONG_NAME_EXAMPLE = (
    'pipeline "Name over the identifier limit" {\n'
    f"  input {'a' * 130}: CT image3d\n"
    "  model net: CNN\n"
    "  output y: classification\n"
    f"  flow {'a' * 130} -> net -> y\n"
    "}\n"
)
# a zero-width space (U+200B) inside a stage name, written as an escape in YAML so the example shows it
_INVISIBLE_EXAMPLE = """\
pipeline: Invisible character in a name
stages:
- {name: "c\\u200bt", kind: input, modality: CT, form: image3d}
- {name: net, kind: model, from: ["c\\u200bt"], architecture: CNN}
- {name: y, kind: output, from: [net], task: classification}
"""

PS100 = Rule(
    code='PS100',
    title='unreadable input',
    condition=None,
    severity='error',
    what='The file is missing, a directory, binary, or not UTF-8 text.',
    why='A journal batch must report such files and go on with the others.',
    fix='Pass a UTF-8 .pipe, .yaml, .yml or .json file.',
    no_example=('No file can show it: it is what pipespec reports when there is no readable text at all '
                '(a missing path, a folder, binary data, bytes that are not UTF-8).'),
    configurable=False,
)

PS101 = Rule(
    code='PS101',
    title='syntax error',
    condition=None,
    severity='error',
    what=('The DSL text does not follow the language\'s grammar, or the YAML/JSON text is not well-formed '
          '(including YAML tags that would construct objects).'),
    why=('A pipeline that cannot be read cannot be judged; the message names what was expected in words, a '
         'misspelt stage kind or statement word gets "did you mean" (`modle` -> `model`), a colon with no head '
         '(`model clf: {`) says to drop it or give a head, and a value that cannot be written bare (`40%`) is shown '
         'quoted.'),
    fix=('Write what the message expects at the place indicated (`check --fix` removes a colon with no head and '
         'quotes a value that needs it; `--unsafe-fixes` also applies a did-you-mean); `pipespec init` writes a '
         'commented pipeline with every stage kind to start from.'),
    example="""\
pipeline "Missing colon" {
  input a XR
}
""",
    configurable=False,
)

PS102 = Rule(
    code='PS102',
    title='schema error',
    condition=None,
    severity='error',
    what=('A YAML/JSON document does not match schema/pipeline.schema.json (or the document shape is '
          'wrong).'),
    why='Machine-written pipelines need the same guarantees as hand-written ones.',
    fix='Correct the value at the JSON path given in the message.',
    example_format='yaml',
    example="""\
pipeline: Stages as a mapping
stages: {}
""",
    configurable=False,
)

PS103 = Rule(
    code='PS103',
    title='unknown or repeated attribute',
    condition=None,
    severity='error',
    what='An attribute that the stage kind does not take, or one given twice.',
    why='Misspelt attributes would silently be ignored and change the decision.',
    fix='Use an attribute of the stage kind (the message suggests the nearest one); give each attribute once.',
    example=pipeline("Misspelt attribute", *ct_model("m: SVM { pretrained_ob: ImageNet }")),
    configurable=False,
)

PS104 = Rule(
    code='PS104',
    title='unknown value',
    condition=None,
    severity='error',
    what=('A value outside its vocabulary (form, task, training, family, method, segmentation mode, '
          'operation), or a number no front end can write back: not finite (1e400, .inf, .nan) or an integer '
          'of more than 20 digits.'),
    why='The rules depend on these values; a typo would change the verdict.',
    fix='Use one of the listed values (the message suggests the closest), or a finite number.',
    example=pipeline("Misspelt task", *ct_model("m: CNN", "y: classificaton")),
    configurable=False,
)

PS105 = Rule(
    code='PS105',
    title='duplicate stage name',
    condition=None,
    severity='error',
    what='Two stages with the same name.',
    why='The data flow would be ambiguous.',
    fix='Rename one stage.',
    example="""\
pipeline "Two inputs, one name" {
  input a: CT image3d
  input a: MRI image3d
  model m: CNN
  output y: classification
  flow a -> m -> y
}
""",
    configurable=False,
)

PS106 = Rule(
    code='PS106',
    title='flow to or from an undefined stage',
    condition=None,
    severity='error',
    what=('A flow or from names a stage that does not exist; or weights_from names no network of the pipeline, '
          'the stage itself, or closes a cycle of networks (a -> b -> c -> a).'),
    why='The graph would be incomplete; a network whose weights come round from itself was never trained first.',
    fix=('Use the name of a declared stage (the message suggests the closest); start a weight chain at a network '
         'trained first.'),
    example=pipeline("Misspelt stage in a flow", *ct_model(flow="flow ct -> nett -> y")),
    configurable=False,
)

PS107 = Rule(
    code='PS107',
    title='invalid declaration, expectation or waiver',
    condition=None,
    severity='error',
    what=('declare/expect must name condition1..condition5 with yes/no (expect also review); a waiver '
          'needs a code and a justification.'),
    why="These are the author's answers and the oracle of tests.",
    fix='declare condition5 = yes',
    example=pipeline("Declaration of a condition that does not exist", *ct_model(), "declare condition6 = yes"),
    configurable=False,
)

PS108 = Rule(
    code='PS108',
    title='cycle in the data flow',
    condition=None,
    severity='error',
    what='The stages form a cycle; the message names it.',
    why='A pipeline is a directed acyclic graph; a cycle has no input-to-output order.',
    fix='Remove one edge of the cycle.',
    example="""\
pipeline "Cycle" {
  input ct: CT image3d
  preprocessing a: normalize
  preprocessing b: resample
  model net: CNN
  output y: classification
  flow ct -> a -> b -> a
  flow b -> net -> y
}
""",
    configurable=False,
)

PS109 = Rule(
    code='PS109',
    title='type error on an edge',
    condition=None,
    severity='error',
    what=('An edge carries the wrong kind of data: feature extraction from a table, an output fed by raw '
          'images or a table, a stage with no inputs, an input with upstream stages, table operations on '
          'images, images and tables mixed in pre-processing.'),
    why='The verdicts are computed from the data types on the edges.',
    fix='Connect the stage to data of the right type, or insert the missing stage.',
    example="""\
pipeline "Features from a table" {
  input t: clinical tabular
  feature_extraction f: handcrafted PyRadiomics
  model m: logistic regression
  output y: classification
  flow t -> f -> m -> y
}
""",
    configurable=False,
)

PS110 = Rule(
    code='PS110',
    title='forbidden character in an identifier',
    condition=None,
    severity='error',
    what=('Names and values are NFC-normalised; control and bidirectional-override characters are '
          'rejected, and so are invisible and default-ignorable characters in names (U+3164 Hangul filler, '
          'zero-width spaces and joiners, variation selectors, tags) and anything but a rule code in a '
          'waiver\'s code.'),
    why=('Such characters can make a file read differently from what it says (Trojan Source), or give two '
         'stages names that look the same.'),
    fix='Remove the character.',
    example_format='yaml',
    example=_INVISIBLE_EXAMPLE,
    configurable=False,
)

PS111 = Rule(
    code='PS111',
    title='identifier too long',
    condition=None,
    severity='error',
    what='A stage name over the identifier limit (default 128).',
    why='Bounded input keeps a batch safe.',
    fix='Shorten the name.',
    example=_LONG_NAME_EXAMPLE,
    configurable=False,
)

PS112 = Rule(
    code='PS112',
    title='limit exceeded',
    condition=None,
    severity='error',
    what=('File size (1 MiB), nesting depth (64), YAML alias expansion (200,000 nodes, 8 MiB of '
          'expanded text), stage count (5,000) or data-flow edges (100,000) over its limit.'),
    why='Untrusted input must not exhaust memory or time.',
    fix=('Reduce the input, or raise the limit with --max-bytes / --max-depth / --max-nodes / '
         '--max-expanded-bytes / --max-stages / --max-edges.'),
    example_format='json',
    example="[" * 70 + "]" * 70 + "\n",
    configurable=False,
)

PS113 = Rule(
    code='PS113',
    title='invalid configuration',
    condition=None,
    severity='error',
    what=('The .pipespec.toml or [tool.pipespec] table that applies to the file (or the --config file) is invalid: '
          'malformed TOML or not UTF-8, a file over 1 MiB, nesting too deep to read, a value of the wrong type, an '
          'unknown rule code, severity or key, settings both at top level and in [tool.pipespec], or a code that '
          'cannot be configured (input errors, verdict rules, W101-W103).'),
    why='A silently ignored configuration would change what fails a run.',
    fix='Correct the configuration file named in the message.',
    example_format='toml',
    example="""\
[tool.pipespec]
disable = ["X999"]
""",
    configurable=False,
)

PS199 = Rule(
    code='PS199',
    title='internal error',
    condition=None,
    severity='error',
    what=('pipespec itself failed on this input. This is a bug: the file is reported and the batch goes '
          'on.'),
    why='A journal batch must never stop on one file.',
    fix='Report the file to the pipespec authors.',
    no_example='No file should show it: it is reported only when pipespec itself fails, which is a bug.',
    configurable=False,
)

PS201 = Rule(
    code='PS201',
    title='stage reaches no output',
    condition=None,
    severity='warning',
    what='A stage from which no path leads to an output stage (or a pipeline without outputs).',
    why="Dangling stages are usually a missing flow line, and they take no part in the verdicts' paths.",
    fix='Connect the stage (flow m -> y) or remove it.',
    example="""\
pipeline "A branch that reaches no output" {
  input a: CT image3d
  preprocessing p: normalize
  model m: CNN
  output y: classification
  flow a -> m -> y
  flow a -> p
}
""",
)


PS202 = Rule(
    code='PS202',
    title='output reached only through training-only data',
    condition=None,
    severity='warning',
    what='An output that data reaches only through stages marked `training_only: yes`.',
    why="Training-only data is not there when the system is used, so such an output gets nothing when it is "
        "applied: the data it is applied to is missing from the drawing, or was marked training-only by mistake. "
        "The verdicts still follow the drawn flow, but they describe a system that cannot run.",
    fix='Draw the input the system is applied to (flow ct -> net), or remove `training_only: yes` from the stage '
        'the system does use.',
    example="""\
pipeline "The only image input is marked as used only in training" {
  input ct: CT image3d { training_only: yes }
  model net: ResNet-50 { task: classification, training: from_scratch }
  output y: classification
  flow ct -> net -> y
}
""",
)


RULES = (PS100, PS101, PS102, PS103, PS104, PS105, PS106, PS107, PS108, PS109, PS110, PS111, PS112, PS113, PS199, PS201,
         PS202)
