"""Queries a running catalod server with clients no one here wrote: SPARQLWrapper and rdflib.

Usage: python3 sparql_clients.py ENDPOINT_BASE WORK_IRI_PATH
Prints one JSON object with what each client got, for test/clients/python.test.ts to check.
"""
import json
import sys

import rdflib
from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper, TURTLE, RDFXML

base, work_path = sys.argv[1], sys.argv[2]
endpoint = base + "sparql"
select = """PREFIX schema: <http://schema.org/>
SELECT ?family WHERE { ?w schema:author ?p . ?p schema:familyName ?family } ORDER BY ?family"""
construct = """PREFIX schema: <http://schema.org/>
CONSTRUCT { ?w schema:name ?t } WHERE { ?w a schema:ScholarlyArticle ; schema:name ?t }"""
out = {}


def run(query, fmt):
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client.query()


out["json"] = [b["family"]["value"] for b in run(select, JSON).convert()["results"]["bindings"]]
xml = run(select, XML).convert()
out["xml"] = [node.firstChild.nodeValue for node in xml.getElementsByTagName("literal")]
out["csv"] = run(select, CSV).convert().decode("utf-8").splitlines()[1:]
out["tsv"] = run(select, TSV).convert().decode("utf-8").splitlines()[1:]
out["ask"] = run("ASK { ?s ?p ?o }", JSON).convert()["boolean"]
# SPARQLWrapper's default for CONSTRUCT is RDF/XML: it parses the answer into an rdflib graph.
default_graph = run(construct, XML).convert()
out["construct_rdfxml"] = sorted(str(o) for o in default_graph.objects())
turtle = run(construct, TURTLE).convert()
out["construct_turtle"] = len(rdflib.Graph().parse(data=turtle, format="turtle"))
# rdflib dereferences a work IRI with its own Accept list and parses whatever RDF comes back.
g = rdflib.Graph()
g.parse(base + work_path)
out["deref_triples"] = len(g)
out["deref_names"] = sorted(str(o) for o in g.objects(rdflib.URIRef(base + work_path), rdflib.URIRef("http://schema.org/name")))
print(json.dumps(out))
