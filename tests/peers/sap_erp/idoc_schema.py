"""A small validator for the subset of XML Schema that SAP's IDoc XML schema export uses.

The rules come only from the .xsd files (tests/peers/sap_erp/xsd/): nothing about a segment, a
field, a length or an occurrence is written here. Supported, and nothing else (a schema using any
other construct is refused when it is loaded, so no rule is ever skipped silently):

- global xsd:element with an inline xsd:complexType; named xsd:complexType;
- xsd:sequence of xsd:element (each name once per sequence), with minOccurs / maxOccurs
  (a number or "unbounded"), and type= naming a complex type of the schema or xsd:string;
- element values: fixed=, or an inline xsd:simpleType / xsd:restriction base="xsd:string" with
  xsd:maxLength and / or xsd:enumeration;
- xsd:attribute with use="required" and an inline enumeration or fixed=;
- xsd:annotation (ignored).

Lengths count characters, as SAP's Unicode systems do for CHAR fields.
"""

import os
import xml.etree.ElementTree as ET

XSD = "{http://www.w3.org/2001/XMLSchema}"


class SchemaError(Exception):
    """The .xsd file uses something this validator does not implement."""


class Simple:
    def __init__(self, max_length=None, enumeration=None, fixed=None):
        self.max_length, self.enumeration, self.fixed = max_length, enumeration, fixed

    def check(self, value, where):
        if self.fixed is not None and value != self.fixed:
            return "%s must be '%s', not '%s'" % (where, self.fixed, value)
        if self.enumeration is not None and value not in self.enumeration:
            return "%s: value '%s' is not one of %s" % (where, value, ", ".join(self.enumeration))
        if self.max_length is not None and len(value) > self.max_length:
            return "%s: value '%s' is longer than %d characters" % (where, value, self.max_length)
        return None


class Particle:
    def __init__(self, name, min_occurs, max_occurs, type_name=None, simple=None, complex_type=None):
        self.name, self.min_occurs, self.max_occurs = name, min_occurs, max_occurs
        self.type_name, self.simple, self.complex_type = type_name, simple, complex_type


class Complex:
    def __init__(self, name, particles, attributes):
        self.name, self.particles, self.attributes = name, particles, attributes
        self.index = {p.name: i for i, p in enumerate(particles)}


def local(tag):
    return tag.rsplit("}", 1)[-1]


def occurs(node, attribute):
    value = node.get(attribute, "1")
    if value == "unbounded":
        return None
    if not value.isdigit():
        raise SchemaError("%s=%r is not a number" % (attribute, value))
    return int(value)


def children(node):
    return [c for c in node if c.tag != XSD + "annotation" and isinstance(c.tag, str)]


def only(node, allowed):
    for c in children(node):
        if c.tag not in allowed:
            raise SchemaError("unsupported XSD construct <%s> in <%s>" % (local(c.tag), local(node.tag)))


def simple_type(node, fixed=None):
    """Reads an inline xsd:simpleType (or none) into a Simple."""
    if node is None:
        return Simple(fixed=fixed)
    only(node, {XSD + "restriction"})
    restriction = node.find(XSD + "restriction")
    if restriction is None or restriction.get("base") not in ("xsd:string", "xs:string"):
        raise SchemaError("only xsd:restriction base=\"xsd:string\" is supported")
    only(restriction, {XSD + "maxLength", XSD + "enumeration"})
    max_length = None
    enumeration = [e.get("value") for e in restriction.findall(XSD + "enumeration")] or None
    found = restriction.find(XSD + "maxLength")
    if found is not None:
        max_length = int(found.get("value"))
    return Simple(max_length, enumeration, fixed)


class Schema:
    """One .xsd file: its root element and the control-record values that select it."""

    def __init__(self, path):
        self.path = path
        tree = ET.parse(path).getroot()
        if tree.tag != XSD + "schema":
            raise SchemaError("%s: root is not xsd:schema" % path)
        only(tree, {XSD + "element", XSD + "complexType"})
        self.types = {}
        for node in tree.findall(XSD + "complexType"):
            self.types[node.get("name")] = self.complex(node)
        roots = tree.findall(XSD + "element")
        if len(roots) != 1:
            raise SchemaError("%s: exactly one global element expected" % path)
        self.root = self.particle(roots[0])
        for complex_type in self.types.values():
            for p in complex_type.particles:
                if p.type_name is not None and p.type_name not in self.types:
                    raise SchemaError("%s: type %s is not defined" % (path, p.type_name))
        self.idoctyp = self.root.name
        control = self.find_path(["IDOC", "EDI_DC40"])
        self.mestyp = self.fixed_value(control, "MESTYP")

    def complex(self, node):
        only(node, {XSD + "sequence", XSD + "attribute"})
        particles = []
        sequence = node.find(XSD + "sequence")
        if sequence is not None:
            only(sequence, {XSD + "element"})
            for element in sequence.findall(XSD + "element"):
                particle = self.particle(element)
                if any(p.name == particle.name for p in particles):
                    raise SchemaError("element %s appears twice in one sequence" % particle.name)
                particles.append(particle)
        attributes = {}
        for attribute in node.findall(XSD + "attribute"):
            only(attribute, {XSD + "simpleType"})
            attributes[attribute.get("name")] = (
                attribute.get("use") == "required",
                simple_type(attribute.find(XSD + "simpleType"), attribute.get("fixed")))
        return Complex(node.get("name"), particles, attributes)

    def particle(self, node):
        only(node, {XSD + "simpleType", XSD + "complexType"})
        name = node.get("name")
        if name is None:
            raise SchemaError("element without a name (ref= is not supported)")
        min_occurs, max_occurs = occurs(node, "minOccurs"), occurs(node, "maxOccurs")
        type_name = node.get("type")
        inline_complex = node.find(XSD + "complexType")
        if inline_complex is not None:
            return Particle(name, min_occurs, max_occurs, complex_type=self.complex(inline_complex))
        if type_name in ("xsd:string", "xs:string") or type_name is None:
            return Particle(name, min_occurs, max_occurs,
                            simple=simple_type(node.find(XSD + "simpleType"), node.get("fixed")))
        return Particle(name, min_occurs, max_occurs, type_name=type_name)

    def content(self, particle):
        if particle.complex_type is not None:
            return particle.complex_type
        if particle.type_name is not None:
            return self.types[particle.type_name]
        return None

    def find_path(self, names):
        complex_type = self.content(self.root)
        for name in names:
            particle = complex_type.particles[complex_type.index[name]]
            complex_type = self.content(particle)
        return complex_type

    @staticmethod
    def fixed_value(complex_type, name):
        if complex_type is None or name not in complex_type.index:
            return None
        return complex_type.particles[complex_type.index[name]].simple.fixed

    # -- validation --------------------------------------------------------------------------

    def validate(self, element):
        """Returns the list of violations of this schema by the IDoc root element (empty = valid)."""
        errors = []
        if local(element.tag) != self.root.name:
            return ["root element %s is not %s" % (local(element.tag), self.root.name)]
        self.check_element(element, self.root, self.root.name, errors)
        return errors

    def check_element(self, element, particle, where, errors):
        complex_type = self.content(particle)
        if complex_type is None:
            if len(element):
                errors.append("%s is a field and cannot hold element %s" % (where, local(element[0].tag)))
                return
            problem = particle.simple.check(element.text or "", where)
            if problem:
                errors.append(problem)
            return
        if (element.text or "").strip():
            errors.append("%s holds text '%s' where only segments and fields are allowed"
                          % (where, element.text.strip()))
        for name, (required, simple) in complex_type.attributes.items():
            value = element.get(name)
            if value is None:
                if required:
                    errors.append("%s has no attribute %s" % (where, name))
                continue
            problem = simple.check(value, "%s/@%s" % (where, name))
            if problem:
                errors.append(problem)
        for name in element.keys():
            if name not in complex_type.attributes and not name.startswith("{"):
                errors.append("%s has an attribute %s the schema does not define" % (where, name))
        position, count = -1, 0  # the particle matched last, and how often in a row
        seen = {}
        for child in element:
            if not isinstance(child.tag, str):
                continue
            name = local(child.tag)
            index = complex_type.index.get(name)
            seen[name] = seen.get(name, 0) + 1
            label = "%s/%s" % (where, name) if seen[name] == 1 else "%s/%s[%d]" % (where, name, seen[name])
            if index is None:
                errors.append("%s: %s is not defined in %s" % (label, name, self.describe(where)))
                continue
            if index < position:
                errors.append("%s: %s comes after %s, SAP's order puts it before"
                              % (label, name, complex_type.particles[position].name))
                continue
            if index > position:
                self.too_few(complex_type, position, count, where, errors)
                self.missing(complex_type, position + 1, index, where, errors)
                position, count = index, 0
            count += 1
            allowed = complex_type.particles[index].max_occurs
            if allowed is not None and count == allowed + 1:
                errors.append("%s: %s occurs more than %d times" % (label, name, allowed))
            self.check_element(child, complex_type.particles[index], label, errors)
        self.too_few(complex_type, position, count, where, errors)
        self.missing(complex_type, position + 1, len(complex_type.particles), where, errors)

    @staticmethod
    def too_few(complex_type, position, count, where, errors):
        if position >= 0 and count < complex_type.particles[position].min_occurs:
            particle = complex_type.particles[position]
            errors.append("%s: %s occurs %d times, at least %d required"
                          % (where, particle.name, count, particle.min_occurs))

    @staticmethod
    def missing(complex_type, start, end, where, errors):
        for particle in complex_type.particles[start:end]:
            if particle.min_occurs > 0:
                errors.append("%s: required %s %s is missing" % (
                    where, "segment" if particle.simple is None else "field", particle.name))

    @staticmethod
    def describe(where):
        return where.rsplit("/", 1)[-1].split("[")[0]


class Schemas:
    """Every .xsd of a directory, chosen by the IDoc's basic type and message type."""

    def __init__(self, directory):
        self.directory = directory
        self.by_key = {}
        for name in sorted(os.listdir(directory)):
            if name.endswith(".xsd"):
                schema = Schema(os.path.join(directory, name))
                key = (schema.idoctyp, schema.mestyp)
                if key in self.by_key:
                    raise SchemaError("%s and %s both describe %s/%s" % (
                        self.by_key[key].path, schema.path, schema.idoctyp, schema.mestyp))
                self.by_key[key] = schema

    def find(self, idoctyp, mestyp):
        return self.by_key.get((idoctyp, mestyp))

    def field_limits(self):
        """{(schema file, segment, field): maxLength} for every field of every schema."""
        limits = {}
        for schema in self.by_key.values():
            for complex_type in schema.types.values():
                segment = complex_type.name.split(".", 1)[-1]
                for particle in complex_type.particles:
                    if particle.simple is not None and particle.simple.max_length is not None:
                        limits[(os.path.basename(schema.path), segment, particle.name)] = \
                            particle.simple.max_length
        return limits
