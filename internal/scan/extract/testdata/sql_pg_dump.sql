--
-- PostgreSQL database dump
--

-- Dumped from database version 16.2
-- Dumped by pg_dump version 16.2

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;

--
-- Name: touch(); Type: FUNCTION; Schema: public; Owner: shop
--

CREATE FUNCTION public.touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $_$
BEGIN
    NEW.updated_at := now(); -- a comment; with a semicolon
    RETURN NEW;
END;
$_$;

SET default_tablespace = '';

--
-- Name: customers; Type: TABLE; Schema: public; Owner: shop
--

CREATE TABLE public.customers (
    id integer NOT NULL,
    first_name text,
    last_name text,
    email character varying(255),
    street text DEFAULT 'unknown; street'::text,
    CONSTRAINT email_check CHECK (((email)::text ~~ '%@%'::text))
);

--
-- Data for Name: customers; Type: TABLE DATA; Schema: public; Owner: shop
--

COPY public.customers (id, first_name, last_name, email, street) FROM stdin;
1	Max	Mustermann	max@example.com	Musterstraße 12
2	Erika	Mustermann	erika@example.com	\N
3	Jürgen	Weiß	\N	Hauptstr. 5\\n10115 Berlin
\.


INSERT INTO public.customers VALUES (4, 'Wang', 'Wei', 'wang.wei@163.com', 'C:\path');

--
-- PostgreSQL database dump complete
--
